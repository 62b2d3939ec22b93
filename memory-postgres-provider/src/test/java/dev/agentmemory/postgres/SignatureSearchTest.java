package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Filter;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.Metadata;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.tck.Await;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The signature search mode against the exact mode: with more candidates than memories it returns exactly the exact
 * ranking (same ids, same scores) under filters; with the default candidates every hit passes the filter and a
 * filtered search returns k hits whenever k match (the filter is applied before the Hamming ranking); memories
 * without a signature (written before migration V4) are read exactly and filled in the background.
 */
class SignatureSearchTest {

    private static final String SCHEMA = PostgresTestSupport.newSchema("sig");
    private static final int DIM = 384;
    private static final int COUNT = 2000;
    private static final Scope SCOPE = new Scope("acme", "bot");
    private static final Random RANDOM = new Random(21);
    private static List<float[]> vectors;

    @BeforeAll
    static void load() {
        vectors = SearchTestData.clustered(RANDOM, COUNT, 40, DIM, 1.0);
        List<NewMemory> memories = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            memories.add(NewMemory.builder("memory " + i).id("m" + i).embedding(vectors.get(i))
                    .metadata(Metadata.of("bucket", i % 20)).build());
        }
        try (LongTermMemory store = open()) {
            for (int i = 0; i < COUNT; i += 500) {
                store.storeAll(SCOPE, memories.subList(i, i + 500));
            }
            // The same memories in a neighbour scope: never candidates.
            store.storeAll(new Scope("acme", "other"), memories.subList(0, 500));
        }
    }

    @AfterAll
    static void dropSchema() {
        PostgresTestSupport.dropSchema(SCHEMA);
    }

    private static LongTermMemory open(String... more) {
        List<String> options = new ArrayList<>(List.of(PostgresOptions.SEARCH_MODE.key(), "signature"));
        options.addAll(List.of(more));
        return PostgresTestSupport.longTerm(PostgresTestSupport.options(SCHEMA, options.toArray(String[]::new)), DIM);
    }

    private static LongTermMemory exact() {
        return PostgresTestSupport.longTerm(PostgresTestSupport.options(SCHEMA, PostgresOptions.SEARCH_MODE.key(),
                "exact"), DIM);
    }

    @Test
    void withMoreCandidatesThanMemoriesItIsExact() {
        try (LongTermMemory signature = open(PostgresOptions.CANDIDATES.key(), "3000"); LongTermMemory exact = exact()) {
            assertEquals("signature", signature.health().attributes().get("searchMode"));
            for (int q = 0; q < 3; q++) {
                float[] query = SearchTestData.near(RANDOM, vectors.get(RANDOM.nextInt(COUNT)), 0.5);
                assertSame(exact, signature, MemoryQuery.vector(query).limit(50).minSimilarity(-1).build());
                assertSame(exact, signature, MemoryQuery.vector(query).limit(10).minSimilarity(-1)
                        .filter(Filter.eq("bucket", 3)).build());
            }
        }
    }

    @Test
    void filtersApplyBeforeTheHammingRanking() {
        try (LongTermMemory signature = open(); LongTermMemory exact = exact()) {
            double recall = 0;
            int queries = 20;
            for (int q = 0; q < queries; q++) {
                float[] query = SearchTestData.near(RANDOM, vectors.get(RANDOM.nextInt(COUNT)), 0.5);
                // 100 memories match, fewer than the 300 candidates: a filter applied before the ranking reads them all.
                Filter rare = Filter.eq("bucket", 7);
                assertSame(exact, signature, MemoryQuery.vector(query).limit(10).minSimilarity(-1).filter(rare).build());
                MemoryQuery plain = MemoryQuery.vector(query).limit(10).minSimilarity(-1).build();
                List<ScoredMemory> found = signature.search(SCOPE, plain);
                assertEquals(10, found.size());
                List<String> truth = ids(exact.search(SCOPE, plain));
                recall += found.stream().filter(s -> truth.contains(s.memory().id())).count() / 10.0;
            }
            System.out.printf("signature recall@10 on %d clustered %d-d vectors, 300 candidates: %.3f%n", COUNT, DIM,
                    recall / queries);
        }
    }

    @Test
    void memoriesWithoutSignaturesAreReadExactlyAndFilledInTheBackground() throws SQLException {
        execute("UPDATE \"" + SCHEMA + "\".memories SET embedding_signature = NULL WHERE id < 'm5'");
        try (LongTermMemory signature = open(PostgresOptions.CANDIDATES.key(), "3000"); LongTermMemory exact = exact()) {
            float[] query = SearchTestData.near(RANDOM, vectors.get(RANDOM.nextInt(COUNT)), 0.5);
            assertSame(exact, signature, MemoryQuery.vector(query).limit(50).minSimilarity(-1).build());
            Await.until(Duration.ofSeconds(60), () -> "ready".equals(signature.health().attributes().get("searchIndex")));
            assertEquals("ready", signature.health().attributes().get("searchIndex"));
            assertEquals(0, count("SELECT count(*) FROM \"" + SCHEMA + "\".memories WHERE embedding_signature IS NULL"));
            assertSame(exact, signature, MemoryQuery.vector(query).limit(50).minSimilarity(-1).build());
        }
    }

    private static void assertSame(LongTermMemory exact, LongTermMemory other, MemoryQuery query) {
        List<ScoredMemory> expected = exact.search(SCOPE, query);
        List<ScoredMemory> actual = other.search(SCOPE, query);
        assertTrue(!expected.isEmpty());
        assertEquals(ids(expected), ids(actual));
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).similarity(), actual.get(i).similarity());
        }
    }

    private static List<String> ids(List<ScoredMemory> hits) {
        return hits.stream().map(s -> s.memory().id()).toList();
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = PostgresTestSupport.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = PostgresTestSupport.connect(); Statement st = c.createStatement();
             ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
