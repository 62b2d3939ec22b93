package dev.agentmemory.tck;

import dev.agentmemory.faultproxy.FaultProxy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Health;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.PermanentMemoryException;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.TransientMemoryException;
import dev.agentmemory.tck.StoreFixture.Capability;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The retry contract of a network store wrapped by the resilience decorator ({@code dev.agentmemory.resilience} on
 * the test path): with the {@link FaultProxy} between store and server, a refused connection, a reset, and a
 * response lost after the server executed the write are each survived, and the data is written exactly once; a
 * permanent error is attempted exactly once (counted at the proxy); exhausted retries raise
 * {@link MemoryUnavailableException} whose cause is the last transient error; after an outage the same store works
 * again.
 *
 * <p>Backoff is set to tens of milliseconds through {@code resilience.*} options. Runs once per {@link StoreKind};
 * skipped, with a reason, without {@link Capability#NETWORK} or without the resilience module.
 */
@RequiresCapability(Capability.NETWORK)
public abstract class RetryContractTck extends TckBase {

    /** Run through {@link ProviderTck}, which extends every suite once; a provider extends that class. */
    RetryContractTck() {
    }

    /**
     * Many quick retries: a fault that the test lifts within a second or two is always survived. The circuit breaker
     * is kept out of the way (its own tests belong to the resilience module), and the retry budget is generous.
     */
    static final String[] PATIENT = {RESILIENCE_MAX_RETRIES, "40", RESILIENCE_BACKOFF_INITIAL, "20ms",
        RESILIENCE_BACKOFF_MAX, "100ms", RESILIENCE_CIRCUIT_THRESHOLD, "1000", RESILIENCE_BUDGET, "60s",
        MemoryOptions.CONNECT_TIMEOUT.key(), "1s", MemoryOptions.RESPONSE_TIMEOUT.key(), "2s", MemoryOptions.CLOSE_TIMEOUT.key(), "2s"};

    /** Few quick retries: a lasting fault exhausts them at once. */
    static final String[] IMPATIENT = {RESILIENCE_MAX_RETRIES, "2", RESILIENCE_BACKOFF_INITIAL, "10ms",
        RESILIENCE_BACKOFF_MAX, "20ms", RESILIENCE_CIRCUIT_THRESHOLD, "1000", RESILIENCE_BUDGET, "60s",
        MemoryOptions.CONNECT_TIMEOUT.key(), "1s", MemoryOptions.RESPONSE_TIMEOUT.key(), "2s", MemoryOptions.CLOSE_TIMEOUT.key(), "2s"};

    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "agentmemory-tck-retry-caller");
        t.setDaemon(true);
        return t;
    });

    @Override
    @Nullable String missingPrerequisite() {
        return resilienceApplies(MemoryOptions.of(Map.of())) ? null : RESILIENCE_MISSING;
    }

    @BeforeEach
    final void requireNetworkAndResilience() {
        assumeCapability(Capability.NETWORK);
        assumeResilience();
    }

    @AfterEach
    final void stopBackground() {
        background.shutdownNow();
    }

    private Future<?> inBackground(Runnable call) {
        return background.submit(call);
    }

    /** Lets a background call run into the fault, checks that it is still waiting, then lifts the fault. */
    private static void liftAfterTheCallMetTheFault(FaultProxy proxy, Future<?> call) {
        Await.sleep(Duration.ofMillis(400));
        assertFalse(call.isDone(), () -> "the call finished while the fault lasted: " + outcome(call));
        proxy.mode(FaultProxy.Mode.PASS);
    }

    private static void assertSucceeds(Future<?> call, String what) {
        try {
            call.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed instead of being retried: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError(what + " did not finish", e);
        }
    }

    private static String outcome(Future<?> call) {
        try {
            call.get(0, TimeUnit.SECONDS);
            return "it succeeded without the server";
        } catch (ExecutionException e) {
            return "it failed with " + e.getCause();
        } catch (Exception e) {
            return e.toString();
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    final void aRefusedConnectionIsRetriedAndTheDataWrittenOnce(StoreKind kind) {
        assumeKind(kind);
        FaultProxy proxy = newProxy();
        proxy.mode(FaultProxy.Mode.REFUSE);
        Probe store = openProbe(kind, proxy, PATIENT);

        Future<?> write = inBackground(() -> store.write("w-1"));
        liftAfterTheCallMetTheFault(proxy, write);

        assertSucceeds(write, "a write that met a refused connection");
        assertEquals(1, store.count("w-1"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    final void aResetConnectionIsRetriedAndTheDataWrittenOnce(StoreKind kind) {
        assumeKind(kind);
        FaultProxy proxy = newProxy();
        Probe store = openProbe(kind, proxy, PATIENT);
        store.write("warm-up");

        proxy.mode(FaultProxy.Mode.RESET);
        Future<?> write = inBackground(() -> store.write("w-1"));
        liftAfterTheCallMetTheFault(proxy, write);

        assertSucceeds(write, "a write that met reset connections");
        assertEquals(1, store.count("w-1"));
        assertTrue(proxy.counters().resets() > 0, "the proxy reset connections");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    final void aResponseLostAfterTheWriteIsRetriedAndTheDataWrittenOnce(StoreKind kind) {
        assumeKind(kind);
        FaultProxy proxy = newProxy();
        Probe store = openProbe(kind, proxy, PATIENT);
        store.write("warm-up");
        long sentBefore = proxy.counters().bytesToServer();

        proxy.mode(FaultProxy.Mode.CUT_AFTER_REQUEST);
        Future<?> write = inBackground(() -> store.write("w-1"));
        Await.assertEventually(Await.EVENTUALLY, () -> proxy.counters().cuts() > 0,
                () -> "the write's response was never cut");
        assertTrue(proxy.counters().bytesToServer() > sentBefore, "the request reached the server");
        assertFalse(write.isDone(), () -> "the write finished although its response was lost: " + outcome(write));
        proxy.mode(FaultProxy.Mode.PASS);

        assertSucceeds(write, "a write whose response was lost");
        assertEquals(1, store.count("w-1"), "a write retried after its response was lost is stored exactly once");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    final void aPermanentErrorIsAttemptedExactlyOnce(StoreKind kind) {
        assumeKind(kind);
        FaultProxy rawProxy = newProxy();
        Optional<String> rejected = tckFixture().rejectedUri(rawProxy.host(), rawProxy.port());
        org.junit.jupiter.api.Assumptions.assumeTrue(rejected.isPresent(),
                "the fixture gives no rejectedUri(), a URI the server rejects permanently");
        FaultProxy resilientProxy = newProxy();
        String resilientUri = tckFixture().rejectedUri(resilientProxy.host(), resilientProxy.port()).orElseThrow();

        PermanentMemoryException once = assertThrows(PermanentMemoryException.class,
                () -> callOnce(kind, rejected.get(), with(IMPATIENT, RESILIENCE_ENABLED, "false")),
                "the server's permanent rejection, without the retrying layer");
        PermanentMemoryException resilient = assertThrows(PermanentMemoryException.class,
                () -> callOnce(kind, resilientUri, PATIENT), "the server's permanent rejection, through the retrying layer");

        assertEquals(once.getClass(), resilient.getClass(), "the resilient store rethrows the permanent error as it is");
        long attemptsWithout = rawProxy.counters().accepted();
        long attemptsWith = resilientProxy.counters().accepted();
        assertTrue(attemptsWith <= attemptsWithout, "a permanent error must not be retried: " + attemptsWith
                + " connections reached the server through the retrying layer, " + attemptsWithout + " without it");
    }

    private void callOnce(StoreKind kind, String uri, String... extra) {
        MemoryOptions options = options(Ids.unique("tck"), extra);
        if (kind == StoreKind.SHORT_TERM) {
            try (ShortTermMemory store = MemoryStores.shortTerm(uri, options)) {
                store.size(newSession());
            }
        } else {
            try (LongTermMemory store = MemoryStores.longTerm(uri, options)) {
                store.list(newScope(), 1);
            }
        }
    }

    private static String[] with(String[] base, String... more) {
        return ConnectionContractTck.with(base, more);
    }

    /**
     * The same store works again once the server answers. A driver may take a moment to notice (reconnect backoff),
     * so calls may still fail for a while, but only as retries exhausted, never otherwise.
     */
    private static void afterTheOutage(Runnable call) {
        ConnectionContractTck.eventuallySucceeds(call, "the same store after the outage", MemoryUnavailableException.class,
                TransientMemoryException.class);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    final void exhaustedRetriesRaiseMemoryUnavailableWithTheLastTransientErrorAsCause(StoreKind kind) {
        assumeKind(kind);
        FaultProxy proxy = newProxy();
        Probe store = openProbe(kind, proxy, IMPATIENT);
        store.write("warm-up");

        proxy.mode(FaultProxy.Mode.REFUSE);
        proxy.resetAll();
        MemoryUnavailableException e = assertThrows(MemoryUnavailableException.class, () -> store.write("w-1"));

        assertInstanceOf(TransientMemoryException.class, e.getCause(), "the cause is the last transient error");
        proxy.mode(FaultProxy.Mode.PASS);
        afterTheOutage(store::read);
        assertEquals(0, store.count("w-1"), "a write that never reached the server is not stored");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    final void theSameStoreWorksAgainAfterAnOutageWithoutReopening(StoreKind kind) {
        assumeKind(kind);
        FaultProxy proxy = newProxy();
        Probe store = openProbe(kind, proxy, IMPATIENT);
        store.write("before");

        proxy.mode(FaultProxy.Mode.REFUSE);
        proxy.resetAll();
        assertThrows(MemoryUnavailableException.class, () -> store.write("during"));
        proxy.mode(FaultProxy.Mode.PASS);

        afterTheOutage(() -> store.write("after"));
        assertEquals(1, store.count("before"));
        assertEquals(1, store.count("after"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    final void aStoreOpenedWhileTheServerIsUnreachableWorksOnceItAnswers(StoreKind kind) {
        assumeKind(kind);
        FaultProxy proxy = newProxy();
        proxy.mode(FaultProxy.Mode.REFUSE);
        Probe store = openProbe(kind, proxy, PATIENT);
        Health health = store.health();
        assertTrue(health.status() != Health.Status.UP, () -> "health while unreachable: " + health);

        Future<?> write = inBackground(() -> store.write("w-1"));
        liftAfterTheCallMetTheFault(proxy, write);

        assertSucceeds(write, "a write to a store opened while its server was unreachable");
        assertEquals(1, store.count("w-1"));
    }
}

