package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector cache of a long-term store ({@code postgres.vector-cache-mb}): a search scores the vectors it cached
 * when their row's version still matches, so it reads them once; and it is never stale, whoever changed the row.
 * Every search is compared with the same search of a store that keeps no vectors.
 */
class VectorCacheTest {

    private static final int DIM = 32;
    private static final Scope SCOPE = new Scope("acme", "cache");

    private final String schema = PostgresTestSupport.newSchema("vcache");
    private final List<LongTermMemory> opened = new ArrayList<>();

    @AfterEach
    void drop() {
        opened.forEach(LongTermMemory::close);
        PostgresTestSupport.dropSchema(schema);
    }

    private LongTermMemory open(String mode, String cacheMb, int dim) {
        LongTermMemory store = PostgresTestSupport.longTerm(PostgresTestSupport.options(schema,
                PostgresOptions.SEARCH_MODE.key(), mode, PostgresOptions.VECTOR_CACHE.key(), cacheMb), dim);
        opened.add(store);
        return store;
    }

    private static VectorCache cacheOf(LongTermMemory store) {
        return ((PostgresLongTermMemory) store).vectorCache();
    }

    private static List<NewMemory> memories(Random random, int n, int dim) {
        List<NewMemory> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(NewMemory.builder("memory " + i).id("m" + i).embedding(SearchTestData.random(random, dim))
                    .importance((i % 10) / 10.0).build());
        }
        return out;
    }

    private static MemoryQuery query(float[] v) {
        return MemoryQuery.vector(v).limit(10).minSimilarity(-1).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"exact", "signature"})
    void aRepeatedSearchReadsOnlyTheVectorsItHasNotCached(String mode) {
        Random random = new Random(7);
        LongTermMemory store = open(mode, "32", DIM);
        store.storeAll(SCOPE, memories(random, 300, DIM));
        float[] q = SearchTestData.random(random, DIM);
        store.search(SCOPE, query(q));
        long[] before = cacheOf(store).hitsAndMisses();
        List<ScoredMemory> again = store.search(SCOPE, query(q));
        long[] after = cacheOf(store).hitsAndMisses();
        assertEquals(10, again.size());
        // The first search bumped its 10 hits' access counts, a new version of their rows: those are read again.
        assertEquals(10, after[1] - before[1], "vectors read again");
        long candidates = mode.equals("exact") ? 300 : Math.min(300, PostgresOptions.DEFAULT_CANDIDATES);
        assertEquals(candidates - 10, after[0] - before[0], "vectors scored from the cache");
    }

    @ParameterizedTest
    @ValueSource(strings = {"exact", "signature"})
    void aVectorAnotherStoreChangedIsReadAgain(String mode) {
        Random random = new Random(8);
        LongTermMemory reader = open(mode, "32", DIM);
        LongTermMemory writer = open(mode, "0", DIM);
        writer.storeAll(SCOPE, memories(random, 200, DIM));
        float[] q = SearchTestData.random(random, DIM);
        List<ScoredMemory> first = reader.search(SCOPE, query(q));
        assertFalse(first.stream().anyMatch(h -> h.memory().id().equals("m150") && h.similarity() > 0.999));
        // Another process gives m150 the query's own vector; the reader cached its old one.
        writer.store(SCOPE, NewMemory.builder("memory 150, new").id("m150").embedding(q).build());
        List<ScoredMemory> after = reader.search(SCOPE, query(q));
        assertEquals("m150", after.get(0).memory().id());
        assertEquals(1.0, after.get(0).similarity(), 1e-6);
        assertEquals(ids(writer.search(SCOPE, query(q))), ids(reader.search(SCOPE, query(q))));
        // And a memory another store deleted is gone from the results of the caching one.
        writer.delete(SCOPE, "m150");
        assertFalse(ids(reader.search(SCOPE, query(q))).contains("m150"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"exact", "signature"})
    void resultsAreThoseOfAStoreWithoutCacheUnderFiltersAndChanges(String mode) {
        Random random = new Random(9);
        LongTermMemory cached = open(mode, "32", DIM);
        LongTermMemory uncached = open(mode, "0", DIM);
        cached.storeAll(SCOPE, memories(random, 400, DIM));
        for (int round = 0; round < 30; round++) {
            float[] q = SearchTestData.random(random, DIM);
            MemoryQuery plain = query(q);
            MemoryQuery filtered = MemoryQuery.vector(q).limit(7).minSimilarity(-1)
                    .minImportance(0.5).build();
            assertEquals(scored(uncached.search(SCOPE, plain)), scored(cached.search(SCOPE, plain)), "round " + round);
            assertEquals(scored(uncached.search(SCOPE, filtered)), scored(cached.search(SCOPE, filtered)));
            // Change some rows between rounds: new vectors, new importance, deletions, through either store.
            int i = random.nextInt(400);
            (round % 2 == 0 ? cached : uncached).store(SCOPE, NewMemory.builder("memory " + i + " v" + round)
                    .id("m" + i).embedding(SearchTestData.random(random, DIM)).importance(0.9).build());
            (round % 2 == 0 ? uncached : cached).updateImportance(SCOPE, "m" + random.nextInt(400), 0.1);
            (round % 3 == 0 ? uncached : cached).delete(SCOPE, "m" + random.nextInt(400));
        }
    }

    @Test
    void aCacheSmallerThanTheScopeStaysCorrect() {
        Random random = new Random(10);
        int dim = 384;
        // 1 MiB holds about 500 vectors of 384 dimensions: fewer than the scope's 1,500.
        LongTermMemory cached = open("exact", "1", dim);
        LongTermMemory uncached = open("exact", "0", dim);
        cached.storeAll(SCOPE, memories(random, 1_500, dim));
        for (int round = 0; round < 10; round++) {
            float[] q = SearchTestData.random(random, dim);
            assertEquals(scored(uncached.search(SCOPE, query(q))), scored(cached.search(SCOPE, query(q))));
        }
        long size = cacheOf(cached).size();
        assertTrue(size > 0 && size < 1_500, "kept " + size);
        // Its first search read more candidates than fit: the scope is searched without the cache for a while.
        assertFalse(cacheOf(cached).serves(SCOPE));
    }

    @Test
    void noCacheKeepsNothing() {
        LongTermMemory store = open("exact", "0", DIM);
        store.storeAll(SCOPE, memories(new Random(11), 50, DIM));
        store.search(SCOPE, query(SearchTestData.random(new Random(12), DIM)));
        assertFalse(cacheOf(store).enabled());
        assertEquals(0, cacheOf(store).size());
        assertEquals("off", store.health().attributes().get("searchVectorCache"));
    }

    private static List<String> ids(List<ScoredMemory> hits) {
        return hits.stream().map(h -> h.memory().id()).toList();
    }

    private static List<String> scored(List<ScoredMemory> hits) {
        return hits.stream().map(h -> h.memory().id() + "=" + h.similarity()).toList();
    }
}
