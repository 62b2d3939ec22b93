package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Health;
import dev.agentmemory.InvalidMemoryRequestException;
import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The write buffer replays a session's backlog in {@code appendAll} batches and several sessions at once, keeping
 * per-session order and idempotence; its backlog drains while writers keep writing.
 */
class BatchedReplayTest {

    /** The circuit opens at the first failure and holds replay back long enough for a test to build a backlog. */
    private static final Duration HOLD = Duration.ofSeconds(2);

    private final CountingShortTermMemory backend = new CountingShortTermMemory();

    private static ResiliencePolicy.Builder buffering() {
        return Fixtures.fast().maxRetries(0).degradation(DegradationMode.BUFFER_WRITES);
    }

    /** Buffered with the circuit open, so that no replay starts before the backend is back: batches are exact. */
    private static ResiliencePolicy.Builder heldBack() {
        return buffering().circuitFailureThreshold(1).circuitDelay(HOLD);
    }

    /** Holds a call in the backend until the latch opens; @return whether it opened (not the hang guard) */
    private static boolean hold(CountDownLatch latch) {
        try {
            return latch.await(Fixtures.HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void awaitEmpty(ShortTermMemory store, ResiliencePolicy policy) throws InterruptedException {
        Fixtures.awaitDrained("the buffer drains", Fixtures.replayStepBound(policy),
                () -> Fixtures.buffered(store.health()));
    }

    @Test
    void aBacklogOfOneSessionIsReplayedInCeilNOverBatchAppendAllCallsInOrder() throws Exception {
        ResiliencePolicy policy = heldBack().bufferReplayBatch(10).bufferReplayConcurrency(1).build();
        try (ShortTermMemory store = Resilience.wrap(backend, CountingShortTermMemory.BACKEND, policy)) {
            SessionRef s = Fixtures.session();
            backend.down = true;
            List<String> acknowledged = Fixtures.appendBuffered(store, s, 45);
            Health h = store.health();
            assertEquals("45", h.attributes().get("resilience.backlog"), h::toString);
            backend.down = false;
            awaitEmpty(store, policy);
            assertEquals(List.of(10, 10, 10, 10, 5), backend.appendAllSizes, "appendAll calls of the replay");
            assertEquals(0, backend.appendCalls.get(), "single appends during the replay");
            assertEquals(acknowledged, backend.storedIds(s));
            Health after = store.health();
            assertEquals("0", after.attributes().get("resilience.backlog"), after::toString);
            assertTrue(Double.parseDouble(after.attributes().get("resilience.drain-rate")) > 0, after::toString);
        }
    }

    @Test
    void twoSessionsReplayAtOnce() throws Exception {
        ResiliencePolicy policy = heldBack().bufferReplayBatch(10).bufferReplayConcurrency(2).build();
        // The first appendAll is the circuit's trial call and runs alone; the second and third can only both
        // arrive if two sessions are replayed at once: each waits for the other.
        CountDownLatch both = new CountDownLatch(2);
        AtomicBoolean met = new AtomicBoolean(true);
        backend.beforeAppendAll = n -> {
            if (n == 2 || n == 3) {
                both.countDown();
                if (!hold(both)) {
                    met.set(false);
                }
            }
        };
        try (ShortTermMemory store = Resilience.wrap(backend, CountingShortTermMemory.BACKEND, policy)) {
            SessionRef a = Fixtures.session();
            SessionRef b = Fixtures.session();
            backend.down = true;
            List<String> ackA = Fixtures.appendBuffered(store, a, 30);
            List<String> ackB = Fixtures.appendBuffered(store, b, 30);
            backend.down = false;
            awaitEmpty(store, policy);
            assertTrue(met.get(), "two appendAll calls of the replay were never in flight at once");
            assertEquals(ackA, backend.storedIds(a));
            assertEquals(ackB, backend.storedIds(b));
        }
    }

    @Test
    void aSessionWithoutBacklogWritesStraightThroughWhileAnotherReplays() throws Exception {
        ResiliencePolicy policy = heldBack().bufferReplayBatch(10).bufferReplayConcurrency(1).build();
        CountDownLatch replaying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        backend.beforeAppendAll = n -> {
            if (n == 2) { // after the trial call closed the circuit
                replaying.countDown();
                hold(release);
            }
        };
        try (ShortTermMemory store = Resilience.wrap(backend, CountingShortTermMemory.BACKEND, policy)) {
            SessionRef a = Fixtures.session();
            SessionRef b = Fixtures.session();
            backend.down = true;
            List<String> ackA = Fixtures.appendBuffered(store, a, 30);
            backend.down = false;
            assertTrue(replaying.await(Fixtures.HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS), "replay started");
            NewEntry direct = Fixtures.entry("no backlog here");
            MemoryEntry written = store.append(b, direct);
            assertNotEquals(MemoryEntry.PENDING_SEQUENCE, written.sequence(), "written, not buffered");
            assertEquals(List.of(direct.id()), backend.storedIds(b));
            assertTrue(Fixtures.buffered(store.health()) > 0, "session a is still replaying");
            release.countDown();
            awaitEmpty(store, policy);
            assertEquals(ackA, backend.storedIds(a));
        }
    }

    @Test
    void aBatchThatFailsAfterStoringPartOfItIsSentAgainWithoutDuplicatesOrReordering() throws Exception {
        ResiliencePolicy policy = heldBack().circuitDelay(Duration.ofMillis(200)).bufferReplayBatch(20)
                .bufferReplayConcurrency(1).build();
        try (ShortTermMemory store = Resilience.wrap(backend, CountingShortTermMemory.BACKEND, policy)) {
            SessionRef s = Fixtures.session();
            backend.down = true;
            List<String> acknowledged = new ArrayList<>(Fixtures.appendBuffered(store, s, 50));
            backend.failAfterStoring.set(7);
            backend.down = false;
            awaitEmpty(store, policy);
            assertEquals(-1, backend.failAfterStoring.get(), "the fault was injected");
            assertEquals(acknowledged, backend.storedIds(s), "every acknowledged append once, in order");
        }
    }

    @Test
    void appendAllIsOneBufferedWriteReplayedInOrder() throws Exception {
        ResiliencePolicy policy = heldBack().bufferReplayBatch(100).build();
        try (ShortTermMemory store = Resilience.wrap(backend, CountingShortTermMemory.BACKEND, policy)) {
            SessionRef s = Fixtures.session();
            backend.down = true;
            List<String> acknowledged = new ArrayList<>(Fixtures.appendBuffered(store, s, 3));
            List<NewEntry> batch = List.of(Fixtures.entry("x"), Fixtures.entry("y"), Fixtures.entry("z"));
            List<MemoryEntry> acks = store.appendAll(s, batch);
            assertEquals(batch.stream().map(NewEntry::id).toList(), acks.stream().map(MemoryEntry::id).toList());
            batch.forEach(e -> acknowledged.add(e.id()));
            assertEquals(4, Fixtures.buffered(store.health()), "three appends and one appendAll");
            backend.down = false;
            awaitEmpty(store, policy);
            assertEquals(List.of(6), backend.appendAllSizes, "one round trip for the whole backlog");
            assertEquals(acknowledged, backend.storedIds(s));
        }
    }

    @Test
    void appendAllTakesOneToMaxAppendBatchEntries() {
        try (ShortTermMemory store = Resilience.wrap(backend, CountingShortTermMemory.BACKEND, buffering().build())) {
            SessionRef s = Fixtures.session();
            List<NewEntry> tooMany = new ArrayList<>();
            for (int i = 0; i <= MemoryDefaults.MAX_APPEND_BATCH; i++) {
                tooMany.add(Fixtures.entry("turn " + i));
            }
            assertTrue(assertThrows(InvalidMemoryRequestException.class, () -> store.appendAll(s, List.of()))
                    .getMessage().contains("entries"));
            assertTrue(assertThrows(InvalidMemoryRequestException.class, () -> store.appendAll(s, tooMany))
                    .getMessage().contains("entries"));
            assertEquals(0, backend.roundTrips.get(), "nothing reached the backend");
        }
    }

    /**
     * Issue 11: the drain rate is an option. With {@code resilience.buffer.replay-rate} R, a backlog of N entries
     * replayed in batches of b by c workers cannot be empty sooner than (N - c * b - 2) / R seconds after the backend
     * is back: a worker pays the store's smooth limiter one permit per entry it wrote before it sends its next batch,
     * so when the last batch is sent at most c batches are unpaid, and the limiter hands out one permit per 1 / R s
     * (less one interval of rounding when it starts). Without a limit the same backlog drains in a few round trips.
     * Each session's order is kept, and a session without a backlog writes straight through meanwhile.
     */
    @Test
    void aReplayRateSpreadsTheBacklogOverItsSizeOverTheRateInOrder() throws Exception {
        int rate = 100;
        int batch = 10;
        int concurrency = 2;
        // The probe interval is short so that without the limit the replay starts and ends far below the bound.
        ResiliencePolicy policy = heldBack().bufferProbeInterval(Duration.ofMillis(50)).bufferReplayBatch(batch)
                .bufferReplayConcurrency(concurrency).bufferReplayRate(rate).build();
        try (ShortTermMemory store = Resilience.wrap(backend, CountingShortTermMemory.BACKEND, policy)) {
            List<SessionRef> sessions = List.of(Fixtures.session(), Fixtures.session(), Fixtures.session());
            List<List<String>> acknowledged = new ArrayList<>();
            backend.down = true;
            for (SessionRef s : sessions) {
                // The backend keeps the last short-term.max-entries (100) of a session: all of these.
                acknowledged.add(Fixtures.appendBuffered(store, s, MemoryDefaults.SHORT_TERM_MAX_ENTRIES));
            }
            int backlog = sessions.size() * MemoryDefaults.SHORT_TERM_MAX_ENTRIES;
            long healed = System.nanoTime();
            backend.down = false;
            // Two batches written: the trial closed the circuit and the paced replay goes on.
            Fixtures.await("the replay starts", () -> backend.appendAllSizes.size() >= 2);
            SessionRef other = Fixtures.session();
            NewEntry direct = Fixtures.entry("no backlog here");
            assertNotEquals(MemoryEntry.PENDING_SEQUENCE, store.append(other, direct).sequence(),
                    "a session without a backlog is written at once, not buffered behind the paced replay");
            assertEquals(List.of(direct.id()), backend.storedIds(other));
            awaitEmpty(store, policy);
            long tookNanos = System.nanoTime() - healed;
            long boundNanos = TimeUnit.SECONDS.toNanos(backlog - concurrency * batch - 2) / rate;
            assertTrue(tookNanos >= boundNanos, "a backlog of " + backlog + " entries at " + rate + " entries/s "
                    + "drained in " + TimeUnit.NANOSECONDS.toMillis(tookNanos) + " ms, under the "
                    + TimeUnit.NANOSECONDS.toMillis(boundNanos) + " ms the rate allows at least");
            for (int i = 0; i < sessions.size(); i++) {
                assertEquals(acknowledged.get(i), backend.storedIds(sessions.get(i)), "session " + i + " in order");
            }
            assertTrue(backend.appendAllSizes.stream().allMatch(n -> n <= batch), backend.appendAllSizes::toString);
        }
    }

    /**
     * {@code close()} is not held to the replay rate: it stops a replay thread that waits for permits and flushes the
     * rest within {@code buffer.flush-timeout}. Paced at 1 entry/s the 50 entries would take 50 s, ten times the
     * flush timeout, and {@code close()} would throw, listing the writes it lost.
     */
    @Test
    void closeFlushesTheBacklogIgnoringTheReplayRate() throws Exception {
        ResiliencePolicy policy = heldBack().bufferReplayBatch(10).bufferReplayRate(1)
                .bufferFlushTimeout(Duration.ofSeconds(5)).build();
        ShortTermMemory store = Resilience.wrap(backend, CountingShortTermMemory.BACKEND, policy);
        try {
            backend.down = true;
            Fixtures.appendBuffered(store, Fixtures.session(), 50);
            backend.down = false;
            Fixtures.await("the paced replay starts", () -> !backend.appendAllSizes.isEmpty());
        } finally {
            store.close(); // throws MemoryUnavailableException with the ids of any write it could not flush
        }
        assertEquals(50, backend.appendAllSizes.stream().mapToInt(Integer::intValue).sum(),
                "every buffered entry written once: " + backend.appendAllSizes);
    }

    /**
     * {@code resilience.backlog-age-ms}: 0 with nothing buffered, then the age of the oldest buffered write, growing
     * by at least the time measured between two readings and never more than the time since the write was made, and
     * 0 again once the buffer is drained.
     */
    @Test
    void theBacklogAgeIsZeroWhenEmptyGrowsWhileAWriteWaitsAndIsZeroAfterTheDrain() throws Exception {
        ResiliencePolicy policy = heldBack().build();
        try (ShortTermMemory store = Resilience.wrap(backend, CountingShortTermMemory.BACKEND, policy)) {
            SessionRef s = Fixtures.session();
            assertEquals(0, backlogAgeMillis(store.health()), "nothing buffered");
            backend.down = true;
            long beforeWrite = System.nanoTime();
            Fixtures.appendBuffered(store, s, 1);
            long firstAge = backlogAgeMillis(store.health());
            long afterFirst = System.nanoTime();
            assertTrue(firstAge >= 0 && firstAge <= TimeUnit.NANOSECONDS.toMillis(afterFirst - beforeWrite) + 1,
                    "age " + firstAge + " ms");
            // The write stays buffered: the backend is down, and the circuit's trials fail.
            Fixtures.await("the backlog age passes 300 ms", () -> backlogAgeMillis(store.health()) >= 300);
            long beforeSecond = System.nanoTime();
            long secondAge = backlogAgeMillis(store.health());
            long afterSecond = System.nanoTime();
            long between = TimeUnit.NANOSECONDS.toMillis(beforeSecond - afterFirst);
            assertTrue(secondAge >= firstAge + between - 1, "the age grew from " + firstAge + " to " + secondAge
                    + " ms while at least " + between + " ms passed");
            assertTrue(secondAge <= TimeUnit.NANOSECONDS.toMillis(afterSecond - beforeWrite) + 1,
                    "the age " + secondAge + " ms is no older than the write");
            backend.down = false;
            awaitEmpty(store, policy);
            assertEquals(0, backlogAgeMillis(store.health()), "drained");
        }
    }

    private static long backlogAgeMillis(Health health) {
        String age = health.attributes().get("resilience.backlog-age-ms");
        assertNotNull(age, health::toString);
        return Long.parseLong(age);
    }

    /**
     * Writers keep writing at a steady rate against a backend with a fixed time per round trip; after an outage the
     * backlog must empty while they go on. Replayed one write per round trip, with new writes of a session queued
     * behind its backlog, it grew instead (issue 11). Waited for by progress: it fails only when the backlog has
     * not reached a new low for the bound of a replay step.
     */
    @Test
    void theBacklogDrainsWhileWritersKeepWriting() throws Exception {
        ResiliencePolicy policy = buffering().bufferMaxEntries(1_000_000).build();
        backend.latency = Duration.ofMillis(5);
        int writers = 4;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger acknowledged = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try (ShortTermMemory store = Resilience.wrap(backend, CountingShortTermMemory.BACKEND, policy)) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                SessionRef s = Fixtures.session();
                running.add(pool.submit(() -> {
                    while (!stop.get()) {
                        try {
                            store.append(s, Fixtures.entry("steady"));
                            acknowledged.incrementAndGet();
                        } catch (MemoryUnavailableException e) {
                            refused.incrementAndGet();
                        }
                        // The writers' pace: slower per session than one backend round trip (5 ms), as real
                        // writers are (200 writes/s against sub-millisecond round trips). A session written faster
                        // than one round trip never empties: each batch returns to find new writes queued behind
                        // it, so the total backlog hovers above zero (seen with a 2 ms pace). Still 400 writes/s in
                        // all, twice what replay one write per round trip drains (the code before batching).
                        Thread.sleep(10);
                    }
                    return null;
                }));
            }
            backend.down = true;
            Fixtures.await("a backlog builds up", () -> Fixtures.buffered(store.health()) >= 400);
            backend.down = false;
            int before = acknowledged.get();
            awaitEmpty(store, policy);
            // Empty while the writers still write: they went on throughout.
            Fixtures.await("writers continue after the drain", () -> acknowledged.get() > before + writers);
            stop.set(true);
            for (Future<?> f : running) {
                f.get(Fixtures.HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
            }
            assertEquals(0, refused.get(), "writes refused");
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }
}
