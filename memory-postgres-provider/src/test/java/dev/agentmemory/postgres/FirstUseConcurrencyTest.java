package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.agentmemory.HashingEmbedder;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryTimeoutException;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.NewEntry;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.faultproxy.FaultProxy;
import dev.agentmemory.tck.Await;
import dev.agentmemory.tck.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression test of issue 10, defect 3: the first use of a lazy store (pool, migrations, search mode) ignored
 * timeouts. Concurrent first calls waited uninterruptibly on a monitor while the caller before them tried the whole
 * setup (that they took turns is the TCK's {@link dev.agentmemory.tck.FirstUseContractTck}). Now they share one
 * setup in flight and each waits for it at most its own bound, interruptibly.
 */
class FirstUseConcurrencyTest {

    /** Far longer than anything here needs when it works; only says "does not hang". */
    private static final Duration DOES_NOT_HANG = Duration.ofSeconds(120);

    /** The store's first call: the short-term store sets up the pool, the long-term one also its search mode. */
    enum FirstCall { SHORT_TERM_APPEND, LONG_TERM_STORE }

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final String schema = PostgresTestSupport.newSchema("firstuse");

    @AfterEach
    void closeAll() throws Exception {
        // The proxy first: closing it ends the blackholed connections, so that the store closes at once.
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        PostgresTestSupport.dropSchema(schema);
    }

    private FaultProxy blackholedProxy() {
        FaultProxy proxy = FaultProxy.start(TestServers.postgres().address());
        toClose.add(proxy);
        proxy.mode(FaultProxy.Mode.BLACKHOLE);
        return proxy;
    }

    /** Opens a lazy store behind the proxy and returns its first call. */
    private Runnable firstCallBehind(FaultProxy proxy, FirstCall kind, String... options) {
        String url = PostgresStoreFixture.withAddress(PostgresTestSupport.url(), proxy.host() + ":" + proxy.port());
        MemoryOptions opts = PostgresTestSupport.options(schema, options);
        PostgresMemoryProvider provider = new PostgresMemoryProvider();
        Scope scope = new Scope("acme", "bot");
        if (kind == FirstCall.SHORT_TERM_APPEND) {
            var store = provider.openShortTerm(url, opts);
            toClose.add(0, store);
            return () -> store.append(scope.session("s"), NewEntry.of("user", "hello"));
        }
        var store = provider.openLongTerm(url, opts, new HashingEmbedder(16));
        toClose.add(0, store);
        return () -> store.store(scope, NewMemory.builder("hello").build());
    }

    @ParameterizedTest
    @EnumSource(FirstCall.class)
    void aCallerWaitingForTheFirstUseReturnsWhenInterruptedWithTheFlagSet(FirstCall kind) throws InterruptedException {
        // The setup hangs for the whole connect timeout (the response timeout, which bounds the driver's reads, is as
        // long): far longer than an interrupted caller may take to return.
        Duration connectTimeout = Duration.ofSeconds(60);
        FaultProxy proxy = blackholedProxy();
        Runnable call = firstCallBehind(proxy, kind, MemoryOptions.CONNECT_TIMEOUT.key(), connectTimeout.toSeconds() + "s",
                MemoryOptions.RESPONSE_TIMEOUT.key(), "60s", MemoryOptions.POOL_ACQUIRE_TIMEOUT.key(), "60s",
                MemoryOptions.CLOSE_TIMEOUT.key(), "2s");

        Thread first = new Thread(() -> runQuietly(call), "first-call");
        first.setDaemon(true);
        first.start();
        awaitCondition(() -> proxy.counters().accepted() > 0, "the first call's setup to reach the proxy");

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
        awaitCondition(() -> waiter.getState() == Thread.State.WAITING || waiter.getState() == Thread.State.TIMED_WAITING
                || waiter.getState() == Thread.State.BLOCKED, "the second call to wait for the first use");

        waiter.interrupt();
        // Half the connect timeout: an interrupted caller returns at once; one that cannot be interrupted waits for
        // the setup, which ends only after the connect timeout.
        waiter.join(connectTimeout.toMillis() / 2);
        if (waiter.isAlive()) {
            fail("an interrupted caller still waits for the first use after " + connectTimeout.toSeconds() / 2
                    + " s; it is " + waiter.getState());
        }
        assertInstanceOf(MemoryUnavailableException.class, outcome.get(), "an interrupted caller's error");
        assertTrue(flagAfter.get(), "the interrupt flag stays set after the call returns");
        assertTrue(first.isAlive(), "the first call still waits: the interrupt of another caller leaves it alone");
        proxy.mode(FaultProxy.Mode.PASS);
        first.join(DOES_NOT_HANG.toMillis());
    }

    @ParameterizedTest
    @EnumSource(FirstCall.class)
    void aFirstCallThatAServerLeavesWithoutALoginIsATimeoutOrAConnectionFailureNeverBusy(FirstCall kind) {
        // The server accepts the connection and never answers, and the acquire timeout is shorter than the login may
        // take (pgjdbc bounds each step of it by the connect timeout, and tries again without TLS). The pool holds no
        // connection at all: it is not exhausted, and a caller told MemoryBusyException would grow a pool that cannot
        // make one connection.
        FaultProxy proxy = blackholedProxy();
        Runnable call = firstCallBehind(proxy, kind, MemoryOptions.CONNECT_TIMEOUT.key(), "5s",
                MemoryOptions.RESPONSE_TIMEOUT.key(), "2s", MemoryOptions.POOL_ACQUIRE_TIMEOUT.key(), "1s",
                MemoryOptions.CLOSE_TIMEOUT.key(), "2s");
        MemoryException e = assertThrows(MemoryException.class, call::run);
        assertTrue(e instanceof MemoryTimeoutException || e instanceof MemoryConnectionException,
                () -> "a first call whose connection was never made in time is a timeout or a connection failure, "
                        + "not " + e);
    }

    private static void runQuietly(Runnable call) {
        try {
            call.run();
        } catch (MemoryException e) {
            // its outcome is not what this test is about
        }
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        Await.assertEventually(DOES_NOT_HANG, condition, () -> "timed out waiting for " + what);
    }
}
