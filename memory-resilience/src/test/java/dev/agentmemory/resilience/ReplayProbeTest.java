package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * While writes are buffered and the circuit is open, the write buffer tries its oldest write directly every probe
 * interval, one trial at a time, and drains as soon as the backend is back instead of after the circuit's delay.
 */
class ReplayProbeTest {

    /** Far longer than any wait of these tests: a backlog that drains did not wait for the circuit's delay. */
    private static final Duration CIRCUIT_DELAY = Duration.ofMinutes(10);
    private static final Duration PROBE = Duration.ofMillis(50);

    @RegisterExtension
    final ResilienceLogCapture log = new ResilienceLogCapture(CountingShortTermMemory.BACKEND);

    private final CountingShortTermMemory backend = new CountingShortTermMemory();
    private final RecordingListener listener = new RecordingListener();

    private ResiliencePolicy policy() {
        return Fixtures.fast().maxRetries(0).degradation(DegradationMode.BUFFER_WRITES)
                .circuitFailureThreshold(1).circuitDelay(CIRCUIT_DELAY).bufferProbeInterval(PROBE).listener(listener).build();
    }

    private static String circuit(ShortTermMemory store) {
        return store.health().attributes().get("resilience.circuit");
    }

    /** Waits while the backlog shrinks; a stall as long as the hang guard fails, far below the circuit's delay. */
    private static void awaitEmpty(ShortTermMemory store) throws InterruptedException {
        Fixtures.awaitDrained("the buffer drains before the circuit's delay", Fixtures.HANG_GUARD,
                () -> Fixtures.buffered(store.health()));
    }

    @Test
    void theBacklogDrainsOnceTheBackendIsBackWithoutWaitingForTheCircuitDelay() throws Exception {
        try (ShortTermMemory store = Resilience.wrap(backend, CountingShortTermMemory.BACKEND, policy())) {
            SessionRef s = Fixtures.session();
            backend.down = true;
            List<String> acknowledged = Fixtures.appendBuffered(store, s, 30);
            assertEquals("OPEN", circuit(store));
            backend.down = false;
            awaitEmpty(store);
            assertEquals(acknowledged, backend.storedIds(s));
            assertEquals("CLOSED", circuit(store), "closed by the successful trial");
            assertTrue(listener.events.contains("circuit OPEN->CLOSED"), listener.events::toString);
            assertEquals(1, log.lines(Level.INFO, "OPEN -> CLOSED: a buffered write replayed as a trial succeeded")
                    .size(), () -> log.messages().toString());
            NewEntry after = Fixtures.entry("after the heal");
            assertTrue(store.append(s, after).sequence() != MemoryEntry.PENDING_SEQUENCE, "written straight through");
        }
    }

    @Test
    void whileTheBackendStaysDownTrialsReachItAtMostOncePerProbeInterval() throws Exception {
        try (ShortTermMemory store = Resilience.wrap(backend, CountingShortTermMemory.BACKEND, policy())) {
            List<SessionRef> sessions = List.of(Fixtures.session(), Fixtures.session(), Fixtures.session());
            backend.down = true;
            Fixtures.appendBuffered(store, sessions.get(0), 1);
            assertEquals("OPEN", circuit(store));
            int before = backend.roundTrips.get();
            long start = System.nanoTime();
            long window = Duration.ofSeconds(1).toNanos();
            int written = 0;
            // Writers keep writing while the circuit is open: their writes go to the outbox, not to the backend.
            while (System.nanoTime() - start < window) {
                Fixtures.appendBuffered(store, sessions.get(written++ % sessions.size()), 1);
                Thread.sleep(5); // the writers' pace, not synchronisation
            }
            long elapsed = System.nanoTime() - start;
            int attempts = backend.roundTrips.get() - before;
            long bound = elapsed / PROBE.toNanos() + 2;
            assertTrue(attempts <= bound, attempts + " attempts reached the backend in " + elapsed / 1_000_000
                    + " ms; at most " + bound + " (one trial per " + PROBE.toMillis() + " ms) expected");
            assertTrue(attempts >= 1, "no trial reached the backend in " + elapsed / 1_000_000 + " ms");
            assertEquals(written + 1L, Fixtures.buffered(store.health()), "every write is buffered");
            backend.down = false;
            awaitEmpty(store);
        }
    }

    @Test
    void aTrialWhoseResponseIsLostIsStoredOnce() throws Exception {
        try (ShortTermMemory store = Resilience.wrap(backend, CountingShortTermMemory.BACKEND, policy())) {
            SessionRef s = Fixtures.session();
            backend.down = true;
            List<String> acknowledged = Fixtures.appendBuffered(store, s, 10);
            // The trial's appendAll stores all ten entries, then its response is lost.
            backend.failAfterStoring.set(10);
            backend.down = false;
            awaitEmpty(store);
            assertEquals(-1, backend.failAfterStoring.get(), "the lost response happened");
            assertEquals(acknowledged, backend.storedIds(s), "each write stored once, in order");
            assertEquals("CLOSED", circuit(store));
        }
    }

    @Test
    void theProbeIntervalDefaultsToHalfASecond() {
        assertEquals(ResilienceOptions.DEFAULT_BUFFER_PROBE_INTERVAL, ResiliencePolicy.builder().build().bufferProbeInterval());
        assertEquals(Duration.ofMillis(500), ResilienceOptions.DEFAULT_BUFFER_PROBE_INTERVAL);
    }
}
