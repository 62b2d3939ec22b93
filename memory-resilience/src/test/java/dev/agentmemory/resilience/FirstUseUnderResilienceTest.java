package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.HashingEmbedder;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.NewEntry;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.faultproxy.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression test of issue 10, defect 3, with the resilience decorator on (the provider's own test runs without it):
 * concurrent first calls to a lazy PostgreSQL store behind a server that never answers each end within their own
 * bound, the resilience budget plus one attempt timeout, however long the setup they share would take; and a caller
 * interrupted while it waits for that setup returns at once with its interrupt flag kept. With resilience on, one of
 * ten such calls once gave up only after 20.6 s.
 *
 * <p>The provider's own timeouts are a minute here, so the shared setup hangs far longer than any call may take: only
 * a call that waits for it interruptibly, and lets the attempt timer cut it short, keeps to its bound.
 */
class FirstUseUnderResilienceTest {

    private static final int CALLERS = 10;
    /** Connect, response and pool-acquire timeout of the provider: the time the setup may hang for. */
    private static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(60);

    /** The store's first call: the short-term store sets up the pool, the long-term one also its search mode. */
    enum FirstCall { SHORT_TERM_APPEND, LONG_TERM_STORE }

    private final PostgresFixture fixture = new PostgresFixture();
    private final List<AutoCloseable> stores = new ArrayList<>();
    private @Nullable FaultProxy proxy;

    @AfterEach
    void closeAll() throws Exception {
        // The proxy first: closing it ends the blackholed connections, so that the setup fails and the stores close
        // at once.
        if (proxy != null) {
            proxy.close();
        }
        for (AutoCloseable store : stores) {
            try {
                store.close();
            } catch (MemoryUnavailableException e) {
                // FAIL mode buffers nothing; a close that reports the outage is not what this test is about.
            }
        }
        fixture.dropSchema();
    }

    private MemoryOptions options(String... resilience) {
        Map<String, String> all = new HashMap<>(fixture.options().explicitValues());
        all.put(MemoryOptions.CLIENT_NAME.key(), "firstuse-" + UUID.randomUUID());
        all.put(MemoryOptions.CONNECT_TIMEOUT.key(), PROVIDER_TIMEOUT.toSeconds() + "s");
        all.put(MemoryOptions.RESPONSE_TIMEOUT.key(), PROVIDER_TIMEOUT.toSeconds() + "s");
        all.put(MemoryOptions.POOL_ACQUIRE_TIMEOUT.key(), PROVIDER_TIMEOUT.toSeconds() + "s");
        all.put(MemoryOptions.CLOSE_TIMEOUT.key(), "2s");
        all.put(ResilienceOptions.ENABLED.key(), "true");
        for (int i = 0; i < resilience.length; i += 2) {
            all.put(resilience[i], resilience[i + 1]);
        }
        return MemoryOptions.of(all);
    }

    /** Opens a lazy store, through MemoryStores and so through the resilience decorator, behind a blackholed proxy. */
    private Runnable firstCallBehindABlackhole(FirstCall kind, MemoryOptions options) {
        FaultProxy p = FaultProxy.start(fixture.testServer().address());
        proxy = p;
        p.mode(FaultProxy.Mode.BLACKHOLE);
        String uri = PostgresFixture.uriFor(fixture.testServer(), p.host(), p.port());
        Scope scope = new Scope("acme", "bot");
        if (kind == FirstCall.SHORT_TERM_APPEND) {
            var store = MemoryStores.shortTerm(uri, options);
            stores.add(store);
            assertTrue(store.toString().startsWith("resilient("), store::toString);
            return () -> store.append(scope.session("s"), NewEntry.of("user", "hello"));
        }
        var store = MemoryStores.longTerm(uri, options, new HashingEmbedder(16));
        stores.add(store);
        assertTrue(store.toString().startsWith("resilient("), store::toString);
        return () -> store.store(scope, NewMemory.builder("hello").build());
    }

    @ParameterizedTest
    @EnumSource(FirstCall.class)
    void concurrentFirstCallsEachEndWithinTheBudgetPlusOneAttemptTimeout(FirstCall kind) throws Exception {
        MemoryOptions options = options(ResilienceOptions.ATTEMPT_TIMEOUT.key(), "1s",
                ResilienceOptions.BUDGET.key(), "3s", ResilienceOptions.MAX_RETRIES.key(), "5",
                ResilienceOptions.BACKOFF_INITIAL.key(), "100ms", ResilienceOptions.BACKOFF_MAX.key(), "400ms",
                ResilienceOptions.BULKHEAD.key(), Integer.toString(CALLERS),
                // The circuit stays closed, so every call retries for its whole budget instead of failing fast.
                ResilienceOptions.CIRCUIT_FAILURE_THRESHOLD.key(), "1000");
        // The configured bound of one call, with a margin for a loaded machine: a bound, not a speed target.
        Duration bound = Fixtures.callBound(ResiliencePolicy.fromOptions(options));
        assertTrue(bound.compareTo(PROVIDER_TIMEOUT) < 0, "a call stuck for the setup's whole timeout must fail");
        Runnable call = firstCallBehindABlackhole(kind, options);

        CountDownLatch start = new CountDownLatch(1);
        long[] tookNanos = new long[CALLERS];
        List<AtomicReference<@Nullable Throwable>> outcomes = new ArrayList<>();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            AtomicReference<@Nullable Throwable> outcome = new AtomicReference<>();
            outcomes.add(outcome);
            int n = i;
            Thread caller = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long begin = System.nanoTime();
                try {
                    call.run();
                } catch (RuntimeException e) {
                    outcome.set(e);
                } finally {
                    tookNanos[n] = System.nanoTime() - begin;
                }
            }, "first-call-" + i);
            caller.setDaemon(true);
            caller.start();
            callers.add(caller);
        }
        start.countDown();
        // Each caller is waited for up to the bound after the last one started: one still running then has taken
        // longer than its bound, whatever happens to the others.
        for (Thread caller : callers) {
            caller.join(bound.toMillis());
            assertFalse(caller.isAlive(), caller.getName() + " still runs after the bound of one call, "
                    + bound.toMillis() + " ms");
        }
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            millis.add(TimeUnit.NANOSECONDS.toMillis(tookNanos[i]));
            assertInstanceOf(MemoryUnavailableException.class, outcomes.get(i).get(),
                    "first call " + i + " against a server that never answers gives up");
        }
        for (long took : millis) {
            assertTrue(took <= bound.toMillis(), "every call ends within the budget plus one attempt timeout ("
                    + bound.toMillis() + " ms with the margin for load); they took " + millis + " ms");
        }
    }

    @ParameterizedTest
    @EnumSource(FirstCall.class)
    void aCallerInterruptedWhileWaitingForTheFirstUseReturnsAtOnceWithItsFlagKept(FirstCall kind) throws Exception {
        // Long attempt timeout and budget, no retry: uninterrupted, a caller waits for its attempt a minute.
        Duration attemptTimeout = Duration.ofSeconds(60);
        MemoryOptions options = options(ResilienceOptions.ATTEMPT_TIMEOUT.key(), attemptTimeout.toSeconds() + "s",
                ResilienceOptions.BUDGET.key(), "120s", ResilienceOptions.MAX_RETRIES.key(), "0");
        Runnable call = firstCallBehindABlackhole(kind, options);
        FaultProxy p = proxy;

        AtomicReference<@Nullable Throwable> firstOutcome = new AtomicReference<>();
        Thread first = new Thread(() -> {
            try {
                call.run();
            } catch (RuntimeException e) {
                firstOutcome.set(e);
            }
        }, "first-call");
        first.setDaemon(true);
        first.start();
        Fixtures.await("the first call's setup reaches the proxy", () -> p != null && p.counters().accepted() > 0);

        AtomicReference<@Nullable Throwable> outcome = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            try {
                call.run();
            } catch (RuntimeException e) {
                outcome.set(e);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        }, "waiting-call");
        waiter.setDaemon(true);
        waiter.start();
        Fixtures.await("the second call waits for the first use", () -> waiter.getState() == Thread.State.WAITING
                || waiter.getState() == Thread.State.TIMED_WAITING || waiter.getState() == Thread.State.BLOCKED);

        waiter.interrupt();
        // Far below the attempt timeout: an interrupted caller returns at once; one that cannot be interrupted waits
        // for its attempt to time out.
        waiter.join(Fixtures.HANG_GUARD.toMillis());
        assertFalse(waiter.isAlive(), "an interrupted caller still waits for the first use after "
                + Fixtures.HANG_GUARD.toSeconds() + " s (its attempt timeout is " + attemptTimeout.toSeconds()
                + " s); it is " + waiter.getState());
        assertInstanceOf(MemoryUnavailableException.class, outcome.get(), "an interrupted caller's error");
        assertTrue(flagAfter.get(), "the interrupt flag stays set after the call returns");
        assertTrue(first.isAlive(), "another caller's interrupt leaves the first call waiting");

        first.interrupt();
        first.join(Fixtures.HANG_GUARD.toMillis());
        assertFalse(first.isAlive(), "the first call returns when it is interrupted too");
        assertInstanceOf(MemoryUnavailableException.class, firstOutcome.get());
    }
}
