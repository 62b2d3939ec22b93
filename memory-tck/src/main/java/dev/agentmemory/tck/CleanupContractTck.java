package dev.agentmemory.tck;

import dev.agentmemory.faultproxy.FaultProxy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryBusyException;
import dev.agentmemory.MemoryClosedException;
import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.tck.StoreFixture.Capability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cleanup contract: {@code close()} is idempotent and returns within a bound, also while the server is
 * unreachable; afterwards the server counts no connection of the store (through
 * {@link StoreFixture#serverConnections(String)} and at the proxy) and every thread the store started has ended;
 * every call after close throws {@link MemoryClosedException} without I/O; 1,000 failed operations leak no
 * connection and no thread; a pool drained by slow calls makes the next caller fail with
 * {@link MemoryBusyException} within the acquire timeout instead of hanging, and makes {@code health()} say
 * {@link Health.Status#DEGRADED}, not DOWN. Every wait is bounded by what it waits for (the close timeout, then a
 * few seconds for the server to notice), so a store whose {@code close()} does nothing fails in seconds.
 *
 * <p>Runs once per {@link StoreKind}. The network parts are skipped, with a reason, without
 * {@link Capability#NETWORK}; the pool test without {@link Capability#POOL}.
 */
public abstract class CleanupContractTck extends TckBase {

    /** Run through {@link ProviderTck}, which extends every suite once; a provider extends that class. */
    CleanupContractTck() {
    }

    /** The close timeout of the stores here: close() may take this long, waiting for its connections and threads. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    /**
     * How long the server, the proxy and the scheduler may take to notice what a returned close() has done: a socket
     * closed, a thread told to end. Nothing legitimate is still in progress then, so a store whose close() does
     * nothing fails after this, not after minutes.
     */
    static final Duration SETTLE = Duration.ofSeconds(5);

    /** close() with its {@link #CLOSE_TIMEOUT}, plus room for a loaded machine: only says "does not hang". */
    static final Duration CLOSE_BOUND = CLOSE_TIMEOUT.plus(SETTLE).plus(SETTLE);

    static final String[] QUICK = {MemoryOptions.CONNECT_TIMEOUT.key(), "1s", MemoryOptions.RESPONSE_TIMEOUT.key(), "2s",
        MemoryOptions.CLOSE_TIMEOUT.key(), CLOSE_TIMEOUT.toMillis() + "ms", MemoryOptions.POOL_ACQUIRE_TIMEOUT.key(), "2s"};

    private void use(Probe store) {
        store.write("w-1");
        store.write("w-2");
        store.read();
        store.count("w-1");
        store.health();
    }

    private void assertNoThreadLeft(Set<Thread> before, String when) {
        List<Thread> left = new ArrayList<>();
        boolean ended = Await.until(SETTLE, () -> {
            left.clear();
            left.addAll(Threads.startedSince(before, tckFixture()::isSharedThread));
            return left.isEmpty();
        });
        if (!ended) {
            fail(when + ", threads the store started are still alive " + SETTLE.toSeconds() + " s after close() "
                    + "returned (a driver's JVM-wide thread can be declared in StoreFixture.isSharedThread):"
                    + Threads.describe(left));
        }
    }

    private void assertNoConnectionLeft(Probe store, String when) {
        if (store.opened.proxy() != null) {
            FaultProxy proxy = store.proxy();
            Await.assertEventually(SETTLE, () -> proxy.counters().open() == 0,
                    () -> when + ", the store still holds " + proxy.counters().open() + " connections at the proxy");
        }
        OptionalLong counted = tckFixture().serverConnections(store.clientName());
        if (counted.isPresent()) {
            Await.assertEventually(SETTLE,
                    () -> tckFixture().serverConnections(store.clientName()).orElse(0) == 0,
                    () -> when + ", the server still counts " + tckFixture().serverConnections(store.clientName())
                            + " connections named " + store.clientName());
        }
    }

    private static void closeWithinBound(Probe store) {
        assertTimeoutPreemptively(CLOSE_BOUND, store::close, "close() must return within its bound");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    final void closeIsIdempotent(StoreKind kind) {
        assumeKind(kind);
        Probe store = openProbe(kind, has(Capability.NETWORK) ? newProxy() : null, QUICK);
        use(store);

        closeWithinBound(store);
        closeWithinBound(store);
        closeWithinBound(store);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    final void everyCallAfterCloseThrowsMemoryClosedExceptionWithoutIo(StoreKind kind) {
        assumeKind(kind);
        Probe store = openProbe(kind, has(Capability.NETWORK) ? newProxy() : null, QUICK);
        use(store);
        closeWithinBound(store);
        // The proxy counts bytes as it reads them, a moment after the store sent them: a goodbye sent inside close()
        // (PostgreSQL's Terminate, 5 bytes) could be counted after the snapshot below. Once the proxy has seen every
        // connection of the store end, it has counted every byte sent before they ended.
        assertNoConnectionLeft(store, "after close");
        FaultProxy.Counters before = store.opened.proxy() == null ? null : store.proxy().counters();

        for (Map.Entry<String, Runnable> operation : store.everyOperation().entrySet()) {
            assertThrows(MemoryClosedException.class, operation.getValue()::run, operation.getKey() + " after close");
        }

        if (before != null) {
            FaultProxy.Counters after = store.proxy().counters();
            assertEquals(before.accepted(), after.accepted(), "no connection after close");
            assertEquals(before.bytesToServer(), after.bytesToServer(), "no byte sent after close");
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    @RequiresCapability(Capability.NETWORK)
    final void closeGivesBackEveryServerConnection(StoreKind kind) {
        assumeKind(kind);
        assumeCapability(Capability.NETWORK);
        Probe store = openProbe(kind, newProxy(), QUICK);
        use(store);
        assertTrue(store.proxy().counters().open() > 0, "the store holds connections while in use");
        OptionalLong inUse = tckFixture().serverConnections(store.clientName());
        inUse.ifPresent(n -> assertTrue(n > 0, "the server counts no connection named " + store.clientName()
                + " while the store is in use: does the provider apply the option " + MemoryOptions.CLIENT_NAME.key() + "?"));

        closeWithinBound(store);

        assertNoConnectionLeft(store, "after close");
        Assumptions.assumeTrue(inUse.isPresent(),
                "checked at the proxy only: the fixture does not count server connections (serverConnections)");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    final void closeEndsEveryThreadTheStoreStarted(StoreKind kind) {
        assumeKind(kind);
        FaultProxy proxy = has(Capability.NETWORK) ? newProxy() : null;
        Set<Thread> before = Threads.alive();
        Probe store = openProbe(kind, proxy, QUICK);
        use(store);

        closeWithinBound(store);

        assertNoThreadLeft(before, "after close");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    @RequiresCapability(Capability.NETWORK)
    final void closeIsBoundedWhileTheServerNeverAnswers(StoreKind kind) {
        assumeKind(kind);
        assumeCapability(Capability.NETWORK);
        FaultProxy proxy = newProxy();
        Set<Thread> before = Threads.alive();
        Probe store = openProbe(kind, proxy, QUICK);
        use(store);

        proxy.mode(FaultProxy.Mode.BLACKHOLE);
        closeWithinBound(store);
        closeWithinBound(store);

        proxy.mode(FaultProxy.Mode.PASS);
        assertNoConnectionLeft(store, "after close while the server never answered");
        assertNoThreadLeft(before, "after close while the server never answered");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    @RequiresCapability(Capability.NETWORK)
    final void closeIsBoundedWhileTheServerRefusesConnections(StoreKind kind) {
        assumeKind(kind);
        assumeCapability(Capability.NETWORK);
        FaultProxy proxy = newProxy();
        proxy.mode(FaultProxy.Mode.REFUSE);
        Set<Thread> before = Threads.alive();
        Probe store = openProbe(kind, proxy, with(QUICK, RESILIENCE_ENABLED, "false"));
        assertThrows(MemoryException.class, () -> store.write("w-1"));

        closeWithinBound(store);

        assertNoThreadLeft(before, "after close of a store that never reached its server");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    @RequiresCapability(Capability.NETWORK)
    final void aThousandFailedOperationsLeakNoConnectionAndNoThread(StoreKind kind) {
        assumeKind(kind);
        assumeCapability(Capability.NETWORK);
        FaultProxy proxy = newProxy();
        Set<Thread> before = Threads.alive();
        Probe store = openProbe(kind, proxy, with(QUICK, RESILIENCE_ENABLED, "false"));
        use(store);
        int threadsInUse = Threads.startedSince(before, tckFixture()::isSharedThread).size();

        long deadline = System.nanoTime() + FAILURE_BUDGET.toNanos();
        proxy.mode(FaultProxy.Mode.REFUSE);
        proxy.resetAll();
        failRepeatedly(store, 500, "refused", deadline);
        proxy.mode(FaultProxy.Mode.RESET);
        failRepeatedly(store, 500, "reset", deadline);
        proxy.mode(FaultProxy.Mode.PASS);

        ConnectionContractTck.eventuallySucceeds(() -> store.write("after"), "the store after 1,000 failures");
        int bound = MemoryDefaults.POOL_MAX_SIZE * 2;
        assertTrue(proxy.counters().open() <= bound, () -> "after 1,000 failed operations the store holds "
                + proxy.counters().open() + " connections (more than " + bound + "): a leak");
        tckFixture().serverConnections(store.clientName()).ifPresent(n -> assertTrue(n <= bound,
                "after 1,000 failed operations the server counts " + n + " connections of the store: a leak"));
        int threadsNow = Threads.startedSince(before, tckFixture()::isSharedThread).size();
        assertTrue(threadsNow <= threadsInUse + 4, () -> "after 1,000 failed operations the store runs "
                + threadsNow + " threads, " + threadsInUse + " before them: a leak"
                + Threads.describe(Threads.startedSince(before, tckFixture()::isSharedThread)));

        closeWithinBound(store);
        assertNoConnectionLeft(store, "after 1,000 failed operations and close");
        assertNoThreadLeft(before, "after 1,000 failed operations and close");
    }

    /** Generous room for 1,000 failures: a refused or reset connection fails in milliseconds, not seconds. */
    static final Duration FAILURE_BUDGET = Duration.ofSeconds(60);

    private static void failRepeatedly(Probe store, int times, String fault, long deadlineNanos) {
        for (int i = 0; i < times; i++) {
            try {
                store.write("fail-" + fault + "-" + i);
            } catch (MemoryException expected) {
                // every failure must be one of the taxonomy's exceptions; anything else fails the test
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                fail("1,000 failed operations did not finish within " + FAILURE_BUDGET.toSeconds() + " s (" + fault
                        + " failure #" + i + "): a call to a server that refuses or resets connections must fail at "
                        + "once, not wait for a timeout (for a pool: give up when creating a connection fails)");
            }
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    @RequiresCapability({Capability.NETWORK, Capability.POOL})
    final void aDrainedPoolFailsTheNextCallerWithMemoryBusyInsteadOfHanging(StoreKind kind) throws Exception {
        whileThePoolIsDrained(kind, store -> {
            MemoryBusyException busy = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(MemoryBusyException.class, store::read),
                    "the third caller must fail after the 500 ms acquire timeout");
            return "the third caller failed: " + busy;
        });
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    @RequiresCapability({Capability.NETWORK, Capability.POOL})
    final void aDrainedPoolMakesHealthDegradedNotDown(StoreKind kind) throws Exception {
        whileThePoolIsDrained(kind, store -> {
            Health health = assertTimeoutPreemptively(Duration.ofSeconds(30), store::health,
                    "health() must answer after the 500 ms acquire timeout");
            assertEquals(Health.Status.DEGRADED, health.status(), () -> "the server answers but the store's pool is "
                    + "exhausted: a busy backend is DEGRADED, not DOWN: " + health);
            return "health() answered: " + health;
        });
    }

    /**
     * Opens a store with a pool of two, occupies both connections with calls the proxy holds for a minute, runs
     * {@code check} while they are held, and lets them finish.
     */
    private void whileThePoolIsDrained(StoreKind kind, Function<Probe, String> check) throws Exception {
        assumeKind(kind);
        assumeCapability(Capability.NETWORK);
        assumeCapability(Capability.POOL);
        FaultProxy proxy = newProxy();
        Probe store = openProbe(kind, proxy, RESILIENCE_ENABLED, "false", MemoryOptions.POOL_MAX_SIZE.key(), "2",
                MemoryOptions.POOL_ACQUIRE_TIMEOUT.key(), "500ms", MemoryOptions.RESPONSE_TIMEOUT.key(), "60s",
                MemoryOptions.CONNECT_TIMEOUT.key(), "60s", MemoryOptions.CLOSE_TIMEOUT.key(), "2s");
        use(store);
        ExecutorService slowCallers = Executors.newFixedThreadPool(2);
        try {
            proxy.latency(Duration.ofSeconds(60));
            List<Future<?>> slow = List.of(slowCallers.submit(store::read), slowCallers.submit(store::read));
            Await.sleep(Duration.ofMillis(500));

            String outcome = check.apply(store);
            assertTrue(slow.stream().noneMatch(Future::isDone), () -> "the slow calls must still hold the pool when "
                    + outcome);

            proxy.latency(Duration.ZERO);
            for (Future<?> f : slow) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            proxy.latency(Duration.ZERO);
            slowCallers.shutdownNow();
        }
    }

    private static String[] with(String[] base, String... more) {
        return ConnectionContractTck.with(base, more);
    }
}
