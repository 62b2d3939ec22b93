package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.faultproxy.FaultProxy;
import dev.agentmemory.tck.Await;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * The chaos run for a network provider: four threads append to their own sessions through a {@link FaultProxy}
 * while the proxy refuses, resets and cuts responses several times, then heals; afterwards the store is read
 * directly (no proxy, no resilience) and checked against what every caller was told.
 */
final class ChaosScenario {

    static final int WRITERS = 4;

    /** Per session: the ids whose append was acknowledged, in order, and those whose append threw. */
    record Outcome(Map<SessionRef, List<String>> acknowledged, Map<SessionRef, List<String>> failed,
                   Map<SessionRef, List<String>> stored, long buffered) {

        int acknowledgedCount() {
            return acknowledged.values().stream().mapToInt(List::size).sum();
        }

        int failedCount() {
            return failed.values().stream().mapToInt(List::size).sum();
        }
    }

    private final InetSocketAddress server;
    private final BiFunction<String, Integer, String> uri;
    private final MemoryOptions providerOptions;

    /**
     * @param server the real server
     * @param uri the store URI for a host and port
     * @param providerOptions provider options that keep this run's data apart (key prefix, schema)
     */
    ChaosScenario(InetSocketAddress server, BiFunction<String, Integer, String> uri, MemoryOptions providerOptions) {
        this.server = server;
        this.uri = uri;
        this.providerOptions = providerOptions;
    }

    private MemoryOptions options(String... more) {
        Map<String, String> all = new HashMap<>(providerOptions.explicitValues());
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return MemoryOptions.of(all);
    }

    Outcome run(DegradationMode mode, RecordingListener listener) throws Exception {
        Scope scope = new Scope();
        Map<SessionRef, List<String>> acknowledged = new HashMap<>();
        Map<SessionRef, List<String>> failed = new HashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        long buffered;
        try (FaultProxy proxy = FaultProxy.start(server)) {
            MemoryOptions storeOptions = options(MemoryOptions.CLIENT_NAME.key(), "chaos-" + UUID.randomUUID(),
                    MemoryOptions.CONNECT_TIMEOUT.key(), "1s", MemoryOptions.RESPONSE_TIMEOUT.key(), "1s",
                    MemoryOptions.CLOSE_TIMEOUT.key(), "3s", MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), "5000",
                    "resilience.enabled", "false");
            ResiliencePolicy policy = ResiliencePolicy.builder().maxRetries(3)
                    .backoff(Duration.ofMillis(50), Duration.ofMillis(400)).attemptTimeout(Duration.ofSeconds(3))
                    .budget(Duration.ofSeconds(5)).circuitFailureThreshold(5).circuitDelay(Duration.ofMillis(500))
                    .degradation(mode).bufferFlushTimeout(Duration.ofSeconds(10)).listener(listener).build();
            try (ShortTermMemory store = Resilience.wrap(
                    MemoryStores.shortTerm(uri.apply(proxy.host(), proxy.port()), storeOptions), "chaos", policy)) {
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    SessionRef session = scope.session("writer-" + w);
                    List<String> ok = Collections.synchronizedList(new ArrayList<>());
                    List<String> threw = Collections.synchronizedList(new ArrayList<>());
                    acknowledged.put(session, ok);
                    failed.put(session, threw);
                    running.add(writers.submit(() -> {
                        for (int i = 0; !stop.get() && i < 1500; i++) {
                            NewEntry entry = new NewEntry(session.session() + "-" + i, "user", "turn " + i, Map.of(), 0.5);
                            try {
                                store.append(session, entry);
                                ok.add(entry.id());
                            } catch (MemoryException e) {
                                threw.add(entry.id());
                            }
                            Thread.sleep(5); // the writers' pace, not synchronisation
                        }
                        return null;
                    }));
                }
                // The faults start once the store has answered: on a loaded machine its first use (connections, and
                // PostgreSQL's schema set-up) can outlast every healthy pause between faults, and then FAIL mode had
                // nothing acknowledged to check. The first call is bounded like any other.
                awaitFirstAcknowledged(acknowledged, policy);
                faults(proxy);
                stop.set(true);
                // A writer ends after the call it is in; writers run one after another on a loaded machine.
                long writersDeadline = System.nanoTime() + Fixtures.callBound(policy).toNanos();
                for (Future<?> f : running) {
                    f.get(Math.max(0, writersDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                if (mode == DegradationMode.BUFFER_WRITES) {
                    // Replay is one write per round trip, so the drain takes as long as the backlog: wait while it
                    // shrinks, not for a fixed time.
                    Fixtures.awaitDrained("the write buffer drains", Fixtures.replayStepBound(policy),
                            () -> Fixtures.buffered(store.health()));
                }
                buffered = listener.buffered.get();
                java.util.Map<String, String> h = store.health().attributes();
                System.getLogger("chaos").log(System.Logger.Level.INFO, () -> "chaos " + mode + ": acknowledged "
                        + acknowledged.values().stream().mapToInt(List::size).sum() + ", failed "
                        + failed.values().stream().mapToInt(List::size).sum() + ", buffered " + listener.buffered.get()
                        + ", retries " + h.get("resilience.retries") + ", degraded " + h.get("resilience.degraded-ms")
                        + " ms, circuit events " + listener.count("circuit"));
            }
        } finally {
            writers.shutdownNow();
        }
        Map<SessionRef, List<String>> stored = new HashMap<>();
        try (ShortTermMemory direct = MemoryStores.shortTerm(uri.apply(server.getHostString(), server.getPort()),
                options(MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), "5000", "resilience.enabled", "false"))) {
            for (SessionRef session : acknowledged.keySet()) {
                stored.put(session, direct.recent(session, 5000).stream().map(MemoryEntry::id).toList());
                direct.clear(session);
            }
        }
        return new Outcome(acknowledged, failed, stored, buffered);
    }

    private static void awaitFirstAcknowledged(Map<SessionRef, List<String>> acknowledged, ResiliencePolicy policy) {
        Await.assertEventually(Fixtures.callBound(policy),
                () -> acknowledged.values().stream().anyMatch(l -> !l.isEmpty()),
                () -> "no append was acknowledged within " + Fixtures.callBound(policy).toMillis()
                        + " ms (the bound of one call) while the backend was healthy");
    }

    /**
     * Three kinds of cut, twice, each with a healthy pause after it, then healed. Every sleep here is the length of
     * a fault or of a healthy pause: the schedule is the scenario, not a wait for something to happen.
     */
    private static void faults(FaultProxy proxy) throws InterruptedException {
        Thread.sleep(500);
        for (int round = 0; round < 2; round++) {
            proxy.mode(FaultProxy.Mode.REFUSE);
            proxy.resetAll();
            Thread.sleep(1000);
            proxy.mode(FaultProxy.Mode.PASS);
            Thread.sleep(700);
            proxy.mode(FaultProxy.Mode.RESET);
            Thread.sleep(1000);
            proxy.mode(FaultProxy.Mode.PASS);
            Thread.sleep(700);
            proxy.mode(FaultProxy.Mode.CUT_AFTER_REQUEST);
            Thread.sleep(1000);
            proxy.mode(FaultProxy.Mode.PASS);
            Thread.sleep(700);
        }
        Thread.sleep(500);
    }

    /** BUFFER_WRITES: every acknowledged append is stored exactly once and in order; a refused one at most once. */
    static void assertBufferWritesOutcome(Outcome o) {
        assertTrue(o.buffered() > 0, "the outages made the store buffer writes");
        for (SessionRef session : o.acknowledged().keySet()) {
            assertOnceAndInOrder(session, o.acknowledged().get(session), o.failed().get(session), o.stored().get(session));
        }
    }

    /** FAIL: every append either succeeded (stored exactly once, in order) or threw (stored at most once). */
    static void assertFailOutcome(Outcome o) {
        assertTrue(o.failedCount() > 0, "the outages made some appends fail");
        assertTrue(o.acknowledgedCount() > 0, "some appends succeeded");
        for (SessionRef session : o.acknowledged().keySet()) {
            assertOnceAndInOrder(session, o.acknowledged().get(session), o.failed().get(session), o.stored().get(session));
        }
    }

    private static void assertOnceAndInOrder(SessionRef session, List<String> acknowledged, List<String> failed,
                                             List<String> stored) {
        Set<String> seen = new HashSet<>();
        for (String id : stored) {
            assertTrue(seen.add(id), () -> session.session() + ": " + id + " is stored twice");
        }
        Set<String> ack = new HashSet<>(acknowledged);
        Set<String> threw = new HashSet<>(failed);
        for (String id : stored) {
            assertTrue(ack.contains(id) || threw.contains(id), () -> session.session() + ": " + id
                    + " is stored but was never appended");
        }
        List<String> storedAcknowledged = stored.stream().filter(ack::contains).toList();
        int n = Math.min(acknowledged.size(), storedAcknowledged.size());
        for (int i = 0; i < n; i++) {
            if (!acknowledged.get(i).equals(storedAcknowledged.get(i))) {
                throw new AssertionError(session.session() + ": order breaks at acknowledged append " + i + ": expected "
                        + acknowledged.get(i) + ", stored " + storedAcknowledged.get(i));
            }
        }
        assertEquals(acknowledged.size(), storedAcknowledged.size(), () -> session.session()
                + ": acknowledged appends missing from the store");
    }

    /** A fresh tenant for one run. */
    private static final class Scope {
        private final dev.agentmemory.Scope scope = new dev.agentmemory.Scope("chaos-" + UUID.randomUUID(), "agent");

        SessionRef session(String id) {
            return scope.session(id);
        }
    }
}
