package dev.agentmemory.inmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.HashingEmbedder;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryClosedException;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.MemoryType;
import dev.agentmemory.NewEntry;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What is specific to the in-memory provider: discovery of mem:, its clock-driven TTL, and its locking. */
class InMemoryStoresTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final SessionRef session = SessionRef.of("acme", "bot", "chat-1");

    @Test
    void memSchemeIsFoundThroughServiceLoader() {
        assertTrue(MemoryStores.providers().stream().anyMatch(p -> p.startsWith("inmemory [mem]")), MemoryStores.providers().toString());
        try (ShortTermMemory store = MemoryStores.shortTerm("mem:");
             LongTermMemory memories = MemoryStores.longTerm("mem:", MemoryOptions.of("embedding.dimension", "64"))) {
            assertEquals(1, store.append(session, NewEntry.of("user", "hello")).sequence());
            assertEquals(64, memories.dimension());
        }
    }

    @Test
    void appendTrimsToMaxEntriesAndKeepsServerOrder() {
        ShortTermMemory store = new InMemoryShortTermMemory(Duration.ofHours(1), 3, Clock.systemUTC());
        for (int i = 1; i <= 5; i++) {
            store.append(session, NewEntry.of("user", "turn " + i));
        }
        List<MemoryEntry> recent = store.recent(session, 10);
        assertEquals(List.of("turn 3", "turn 4", "turn 5"), recent.stream().map(MemoryEntry::content).toList());
        assertEquals(List.of(3L, 4L, 5L), recent.stream().map(MemoryEntry::sequence).toList());
        assertEquals(List.of("turn 5"), store.recent(session, 1).stream().map(MemoryEntry::content).toList());
        assertEquals(3, store.size(session));
    }

    @Test
    void appendIsIdempotentById() {
        ShortTermMemory store = new InMemoryShortTermMemory(Duration.ofHours(1), 100, Clock.systemUTC());
        NewEntry entry = NewEntry.of("user", "once");
        MemoryEntry first = store.append(session, entry);
        MemoryEntry again = store.append(session, entry);
        assertEquals(first.sequence(), again.sequence());
        assertEquals(1, store.size(session));
    }

    @Test
    void ttlSlidesOnAppendAndExpiresTheSession() {
        ManualClock clock = new ManualClock();
        ShortTermMemory store = new InMemoryShortTermMemory(Duration.ofMinutes(10), 100, clock);
        store.append(session, NewEntry.of("user", "a"));
        clock.advance(Duration.ofMinutes(9));
        MemoryEntry b = store.append(session, NewEntry.of("user", "b"));
        assertEquals(clock.instant().plus(Duration.ofMinutes(10)), b.expiresAt());
        clock.advance(Duration.ofMinutes(9));
        assertEquals(2, store.size(session), "the second append slid the TTL");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, store.size(session));
        assertTrue(store.recent(session, 10).isEmpty());
        MemoryEntry fresh = store.append(session, NewEntry.of("user", "c"));
        assertTrue(fresh.sequence() > b.sequence(), "an expired session starts empty but never reuses a sequence");
        assertTrue(store.expire(session, Duration.ofSeconds(5)));
        clock.advance(Duration.ofSeconds(5));
        assertFalse(store.expire(session, Duration.ofSeconds(5)));
    }

    @Test
    void eightThreadsAppendWithoutLossDuplicatesOrGaps() throws Exception {
        ShortTermMemory store = new InMemoryShortTermMemory(Duration.ofHours(1), 10_000, Clock.systemUTC());
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<MemoryEntry>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                List<MemoryEntry> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    mine.add(store.append(session, NewEntry.of("user", thread + ":" + i)));
                }
                return mine;
            }));
        }
        start.countDown();
        Set<Long> sequences = new HashSet<>();
        for (Future<List<MemoryEntry>> f : futures) {
            List<MemoryEntry> mine = f.get(30, TimeUnit.SECONDS);
            for (int i = 1; i < mine.size(); i++) {
                assertTrue(mine.get(i).sequence() > mine.get(i - 1).sequence(), "one thread's appends keep their order");
            }
            mine.forEach(e -> sequences.add(e.sequence()));
        }
        pool.shutdown();
        assertEquals(threads * perThread, sequences.size(), "no two appends share a sequence");
        List<MemoryEntry> all = store.recent(session, 10_000);
        assertEquals(threads * perThread, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).sequence(), "one total order without gaps");
        }
    }

    @Test
    void searchRanksByCosineAppliesFiltersAndCountsAccess() {
        ManualClock clock = new ManualClock();
        LongTermMemory store = new InMemoryLongTermMemory(new HashingEmbedder(128), clock);
        Scope scope = new Scope("acme", "bot");
        store.store(scope, NewMemory.builder("the user prefers window seats on flights").id("seat").importance(0.9).build());
        store.store(scope, NewMemory.builder("the user prefers aisle seats on trains").id("train").type(MemoryType.EPISODIC).build());
        store.store(scope, NewMemory.builder("invoice paid by bank transfer").id("invoice").metadata(Map.of("topic", "billing")).build());
        store.store(scope, NewMemory.builder("window seats on flights, expired").id("old").expiresAt(clock.instant()).build());
        store.store(new Scope("acme", "other-bot"), NewMemory.builder("the user prefers window seats on flights").id("seat").build());

        List<ScoredMemory> hits = store.search(scope, MemoryQuery.text("window seats on flights").minSimilarity(0.1).build());
        assertEquals("seat", hits.get(0).memory().id());
        assertTrue(hits.stream().noneMatch(h -> h.memory().id().equals("old")), "expired memories never come back");
        assertEquals(1, hits.get(0).memory().accessCount());
        assertEquals(clock.instant(), hits.get(0).memory().lastAccessedAt());
        assertEquals(List.of("train"), store.search(scope, MemoryQuery.text("seats").minSimilarity(-1)
                .types(MemoryType.EPISODIC).build()).stream().map(h -> h.memory().id()).toList());
        assertEquals(List.of("invoice"), store.search(scope, MemoryQuery.text("seats").minSimilarity(-1)
                .metadata(Map.of("topic", "billing")).build()).stream().map(h -> h.memory().id()).toList());
        assertEquals(List.of("seat"), store.search(scope, MemoryQuery.text("seats").minSimilarity(-1)
                .minImportance(0.8).build()).stream().map(h -> h.memory().id()).toList());

        Memory replaced = store.store(scope, NewMemory.builder("the user now prefers aisle seats").id("seat").importance(0.95).build());
        assertEquals(2, replaced.accessCount(), "two searches returned it, and an upsert keeps that history");
        assertEquals(List.of("seat", "invoice", "train"), store.list(scope, 10).stream().map(Memory::id).toList());
        assertTrue(store.delete(scope, "seat"));
        assertFalse(store.delete(scope, "seat"));
        store.close();
        assertThrows(MemoryClosedException.class, () -> store.list(scope, 1));
    }
}
