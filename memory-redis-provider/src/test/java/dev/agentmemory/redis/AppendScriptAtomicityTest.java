package dev.agentmemory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.faultproxy.resp.RespClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The append script is one atomic step: under concurrent appends (from two stores, so two Redisson clients) the
 * sequence is a total order without gaps or duplicates, the ids ZSET and the entries HASH never disagree, and a
 * trim never leaves a payload behind.
 */
class AppendScriptAtomicityTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 50;
    private static final int MAX = 20;

    private final String prefix = SharedRedis.uniquePrefix("atomic");

    @AfterEach
    void deleteKeys() {
        SharedRedis.deletePrefix(prefix);
    }

    private ShortTermMemory open() {
        return new RedisMemoryProvider().openShortTerm(SharedRedis.uri(), MemoryOptions.of(RedisOptions.KEY_PREFIX.key(),
                prefix, MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), Integer.toString(MAX), MemoryOptions.POOL_MAX_SIZE.key(), "4"));
    }

    @Test
    void concurrentAppendsGetOneGaplessOrderAndTrimLeavesNothingBehind() throws Exception {
        SessionRef s = SessionRef.of("acme", "bot", "busy");
        Queue results = new Queue();
        List<String> readerProblems = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try (ShortTermMemory a = open(); ShortTermMemory b = open()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                ShortTermMemory store = t % 2 == 0 ? a : b;
                int thread = t;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                        results.add(store.append(s, new NewEntry("t" + thread + "-" + i, "user", "m", java.util.Map.of(), 0.5)));
                    }
                    return null;
                }));
            }
            Future<?> reader = pool.submit(() -> {
                start.await();
                while (writing.get()) {
                    List<MemoryEntry> seen = a.recent(s, 1000);
                    if (seen.size() > MAX) {
                        readerProblems.add("saw " + seen.size() + " entries, max is " + MAX);
                    }
                    for (int i = 1; i < seen.size(); i++) {
                        if (seen.get(i).sequence() <= seen.get(i - 1).sequence()) {
                            readerProblems.add("out of order: " + seen);
                        }
                    }
                }
                return null;
            });
            start.countDown();
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            reader.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        int total = THREADS * PER_THREAD;
        List<Long> sequences = results.items.stream().map(MemoryEntry::sequence).sorted().toList();
        long first = sequences.get(0);
        assertEquals(LongStream.range(first, first + total).boxed().toList(), sequences, "one gapless total order");
        assertEquals(List.of(), readerProblems);

        try (RespClient redis = SharedRedis.client()) {
            String base = prefix + ":{acme/bot/busy}:";
            assertEquals(MAX, redis.number("ZCARD", base + "ids"));
            assertEquals(MAX, redis.number("HLEN", base + "entries"), "trim removed the payloads too");
            Set<Object> members = new TreeSet<>(redis.list("ZRANGE", base + "ids", "0", "-1"));
            assertEquals(members, new TreeSet<>(redis.list("HKEYS", base + "entries")));
            List<Object> scores = redis.list("ZRANGE", base + "ids", "0", "-1", "WITHSCORES");
            long oldestKept = first + total - MAX;
            assertEquals(Long.toString(oldestKept), scores.get(1), "the oldest kept is number " + oldestKept);
            assertEquals(Long.toString(first + total - 1), redis.string("GET", base + "seq"));
        }
    }

    @Test
    void concurrentRetriesOfOneEntryStoreItOnce() throws Exception {
        SessionRef s = SessionRef.of("acme", "bot", "retried");
        NewEntry entry = NewEntry.of("user", "sent once, retried many times");
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        Set<Long> sequences = Collections.synchronizedSet(new HashSet<>());
        try (ShortTermMemory a = open(); ShortTermMemory b = open()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                ShortTermMemory store = t % 2 == 0 ? a : b;
                all.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 10; i++) {
                        sequences.add(store.append(s, entry).sequence());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : all) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(1, sequences.size(), "every retry returns the one stored sequence: " + sequences);
            assertEquals(1, a.size(s));
            assertTrue(a.get(s, entry.id()).isPresent());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * appendAll is one script call: while other threads append one by one, no append lands between two entries of a
     * batch, so each batch gets consecutive sequences (the counter counts every append of the session).
     */
    @Test
    void appendAllIsOneAtomicStepThatNoConcurrentAppendInterleaves() throws Exception {
        SessionRef s = SessionRef.of("acme", "bot", "batched");
        AtomicBoolean batching = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<List<MemoryEntry>> batches = new ArrayList<>();
        try (ShortTermMemory a = open(); ShortTermMemory b = open()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> singles = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                ShortTermMemory store = t % 2 == 0 ? a : b;
                int thread = t;
                singles.add(pool.submit(() -> {
                    start.countDown();
                    for (int i = 0; batching.get(); i++) {
                        store.append(s, new NewEntry("s" + thread + "-" + i, "user", "m", java.util.Map.of(), 0.5));
                    }
                    return null;
                }));
            }
            start.await();
            for (int batch = 0; batch < 10; batch++) {
                List<NewEntry> entries = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    entries.add(new NewEntry("b" + batch + "-" + i, "user", "m", java.util.Map.of(), 0.5));
                }
                batches.add(a.appendAll(s, entries));
            }
            batching.set(false);
            for (Future<?> f : singles) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (List<MemoryEntry> batch : batches) {
            long first = batch.get(0).sequence();
            assertEquals(LongStream.range(first, first + batch.size()).boxed().toList(),
                    batch.stream().map(MemoryEntry::sequence).toList(), "no append between entries of one appendAll");
        }
    }

    private static final class Queue {
        final ConcurrentLinkedQueue<MemoryEntry> items = new ConcurrentLinkedQueue<>();

        void add(MemoryEntry e) {
            items.add(e);
        }
    }
}
