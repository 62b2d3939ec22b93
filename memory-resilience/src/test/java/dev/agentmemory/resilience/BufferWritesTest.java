package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryClosedException;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BufferWritesTest {

    private final FlakyShortTermMemory backend = new FlakyShortTermMemory();
    private final RecordingListener listener = new RecordingListener();

    private ResiliencePolicy.Builder buffering() {
        return Fixtures.fast().maxRetries(1).circuitFailureThreshold(2).circuitDelay(Duration.ofMillis(100))
                .degradation(DegradationMode.BUFFER_WRITES).listener(listener);
    }

    private static List<String> ids(List<MemoryEntry> entries) {
        return entries.stream().map(MemoryEntry::id).toList();
    }

    /** Every acknowledged append, once, in order; on failure, says where the lists part, not the whole lists. */
    private static void assertSameOrder(List<String> acknowledged, List<String> stored) {
        int n = Math.min(acknowledged.size(), stored.size());
        for (int i = 0; i < n; i++) {
            if (!acknowledged.get(i).equals(stored.get(i))) {
                throw new AssertionError("order breaks at index " + i + " of " + acknowledged.size()
                        + " acknowledged: expected " + acknowledged.get(i) + " but the store has " + stored.get(i));
            }
        }
        assertEquals(acknowledged.size(), stored.size(), "acknowledged appends vs. stored entries");
    }

    @Test
    void appendsWhileDownAreAcknowledgedThenReplayedInOrderOnce() throws Exception {
        ResiliencePolicy policy = buffering().build();
        try (ShortTermMemory store = Resilience.wrap(backend, policy)) {
            SessionRef s = Fixtures.session();
            NewEntry before = Fixtures.entry("before the outage");
            store.append(s, before);
            backend.mode = FlakyShortTermMemory.Mode.DOWN;
            List<String> acknowledged = new ArrayList<>(List.of(before.id()));
            for (int i = 0; i < 20; i++) {
                NewEntry e = Fixtures.entry("during " + i);
                MemoryEntry ack = store.append(s, e);
                assertEquals(MemoryEntry.PENDING_SEQUENCE, ack.sequence());
                assertEquals(e.id(), ack.id());
                acknowledged.add(e.id());
            }
            Health h = store.health();
            assertEquals(Health.Status.DEGRADED, h.status(), h::toString);
            assertEquals("20", h.attributes().get("resilience.buffered"));
            assertEquals(1, listener.count("degraded BUFFER_WRITES"));

            backend.mode = FlakyShortTermMemory.Mode.UP;
            // Appended while replay has not caught up: queues behind the buffered ones.
            NewEntry after = Fixtures.entry("after the outage");
            store.append(s, after);
            acknowledged.add(after.id());

            Fixtures.awaitDrained("the buffer drains", Fixtures.replayStepBound(policy),
                    () -> acknowledged.size() - backend.stored(s).size());
            assertEquals(acknowledged, ids(backend.stored(s)));
            Fixtures.await("health is up again", () -> store.health().status() == Health.Status.UP);
            Fixtures.await("the end of the degradation is reported", () -> listener.count("recovered BUFFER_WRITES") == 1);
        }
    }

    @Test
    void aReplayAfterALostResponseDoesNotDuplicate() throws Exception {
        ResiliencePolicy policy = buffering().build();
        try (ShortTermMemory store = Resilience.wrap(backend, policy)) {
            SessionRef s = Fixtures.session();
            backend.mode = FlakyShortTermMemory.Mode.LOSE_RESPONSE;
            NewEntry e = Fixtures.entry("landed, but nobody heard");
            assertEquals(MemoryEntry.PENDING_SEQUENCE, store.append(s, e).sequence());
            assertEquals(1, backend.stored(s).size(), "the write landed although the response was lost");
            backend.mode = FlakyShortTermMemory.Mode.UP;
            Fixtures.awaitDrained("the buffer drains", Fixtures.replayStepBound(policy),
                    () -> Fixtures.buffered(store.health()));
            assertEquals(List.of(e.id()), ids(backend.stored(s)));
        }
    }

    @Test
    void aFullBufferRefusesTheWriteLoudlyAndDropsNothing() throws Exception {
        ResiliencePolicy policy = buffering().bufferMaxEntries(5).circuitDelay(Duration.ofMinutes(1)).build();
        try (ShortTermMemory store = Resilience.wrap(backend, policy)) {
            SessionRef s = Fixtures.session();
            backend.mode = FlakyShortTermMemory.Mode.DOWN;
            List<String> acknowledged = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                NewEntry e = Fixtures.entry("fits " + i);
                store.append(s, e);
                acknowledged.add(e.id());
            }
            MemoryUnavailableException full = assertThrows(MemoryUnavailableException.class,
                    () -> store.append(s, Fixtures.entry("does not fit")));
            assertTrue(full.getMessage().contains("resilience.buffer.max-entries"), full::getMessage);
            assertInstanceOf(MemoryConnectionException.class, full.getCause());
            assertEquals(5, Integer.parseInt(store.health().attributes().get("resilience.buffered")));
            backend.mode = FlakyShortTermMemory.Mode.UP;
            // close() flushes what is buffered even though the circuit is still open.
            store.close();
            assertEquals(acknowledged, ids(backend.stored(s)));
        }
    }

    @Test
    void theByteBoundAlsoRefuses() {
        ResiliencePolicy policy = buffering().bufferMaxBytes(4096).circuitDelay(Duration.ofMinutes(1)).build();
        try (ShortTermMemory store = Resilience.wrap(backend, policy)) {
            SessionRef s = Fixtures.session();
            backend.mode = FlakyShortTermMemory.Mode.DOWN;
            String big = "x".repeat(1500);
            store.append(s, Fixtures.entry(big));
            MemoryUnavailableException full = assertThrows(MemoryUnavailableException.class,
                    () -> store.append(s, Fixtures.entry(big)));
            assertTrue(full.getMessage().contains("resilience.buffer.max-bytes"), full::getMessage);
            backend.mode = FlakyShortTermMemory.Mode.UP;
        }
    }

    @Test
    void closeReportsTheWritesItCouldNotFlush() {
        ResiliencePolicy policy = buffering().bufferFlushTimeout(Duration.ofMillis(300)).build();
        ShortTermMemory store = Resilience.wrap(backend, policy);
        SessionRef s = Fixtures.session();
        backend.mode = FlakyShortTermMemory.Mode.DOWN;
        NewEntry a = Fixtures.entry("a");
        NewEntry b = Fixtures.entry("b");
        store.append(s, a);
        store.append(s, b);
        MemoryUnavailableException e = assertThrows(MemoryUnavailableException.class, store::close);
        assertTrue(e.getMessage().contains(a.id()) && e.getMessage().contains(b.id()), e::getMessage);
        assertEquals(List.of(a.id(), b.id()), listener.lostIds);
        assertEquals(1, backend.closes.get(), "the wrapped store is closed anyway");
        store.close();
        assertThrows(MemoryClosedException.class, () -> store.append(s, Fixtures.entry("late")));
    }

    @Test
    void aWriteThatCannotBeBufferedWaitsForTheBufferedOnes() throws Exception {
        try (ShortTermMemory store = Resilience.wrap(backend, buffering().circuitDelay(Duration.ofMillis(200)).build())) {
            SessionRef s = Fixtures.session();
            backend.mode = FlakyShortTermMemory.Mode.DOWN;
            store.append(s, Fixtures.entry("buffered"));
            // While the circuit is open, clear cannot overtake the buffered append: refused.
            assertThrows(MemoryUnavailableException.class, () -> store.clear(s));
            backend.mode = FlakyShortTermMemory.Mode.UP;
            Fixtures.await("the circuit lets writes through again", () -> {
                try {
                    store.clear(s);
                    return true;
                } catch (MemoryUnavailableException e) {
                    return false;
                }
            });
            assertEquals(List.of(), backend.stored(s), "clear ran after the buffered append, not before");
        }
    }

    @Test
    void concurrentWritersKeepTheirOrderAndLoseNothingAcrossOutages() throws Exception {
        ResiliencePolicy policy = buffering().circuitDelay(Duration.ofMillis(30)).build();
        int threads = 4;
        Map<SessionRef, List<String>> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (ShortTermMemory store = Resilience.wrap(backend, policy)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SessionRef s = Fixtures.session();
                List<String> mine = Collections.synchronizedList(new ArrayList<>());
                acknowledged.put(s, mine);
                writers.add(pool.submit(() -> {
                    for (int i = 0; !stop.get() && i < 2000; i++) {
                        NewEntry e = Fixtures.entry("turn " + i);
                        try {
                            store.append(s, e);
                            mine.add(e.id());
                        } catch (MemoryUnavailableException full) {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            // The outage schedule (40 ms up, 60 ms down) is the scenario, not a wait for something to happen.
            for (int outage = 0; outage < 5; outage++) {
                Thread.sleep(40);
                backend.mode = outage % 2 == 0 ? FlakyShortTermMemory.Mode.DOWN : FlakyShortTermMemory.Mode.LOSE_RESPONSE;
                Thread.sleep(60);
                backend.mode = FlakyShortTermMemory.Mode.UP;
            }
            stop.set(true);
            long writersDeadline = System.nanoTime() + Fixtures.callBound(policy).toNanos();
            for (Future<?> w : writers) {
                w.get(Math.max(0, writersDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            Fixtures.awaitDrained("the buffer drains", Fixtures.replayStepBound(policy),
                    () -> Fixtures.buffered(store.health()));
            for (Map.Entry<SessionRef, List<String>> e : acknowledged.entrySet()) {
                assertSameOrder(e.getValue(), ids(backend.stored(e.getKey())));
            }
            assertTrue(listener.count("degraded") >= 1, "the outages were noticed");
            assertTrue(listener.buffered.get() > 0, "appends were buffered");
            System.getLogger("test").log(System.Logger.Level.INFO, "appended " + acknowledged.values().stream()
                    .mapToInt(List::size).sum() + ", buffered " + listener.buffered.get() + ", refused " + refused);
        } finally {
            pool.shutdownNow();
        }
    }
}
