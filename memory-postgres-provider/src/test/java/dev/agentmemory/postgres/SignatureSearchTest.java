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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The signature search mode against the exact mode: with more candidates than memories it returns exactly the exact
 * ranking (same ids, same scores) under filters; with the default candidates every hit passes the filter and a
 * filtered search returns k hits whenever k match (the filter is applied before the Hamming ranking); the signature
 * table (migration V6) holds one row per memory through every write, and nothing deleted or expired comes back.
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

    /**
     * The signature table holds exactly one row per memory, with the signature of its current embedding, through
     * store, storeAll, a re-store with a new embedding, delete, deleteAll and a purge of expired rows in SQL; and no
     * deleted or expired memory is ever a hit, with or without a filter.
     */
    @Test
    void theSignatureTableFollowsEveryWriteAndNothingDeletedOrExpiredComesBack() throws SQLException {
        Scope churn = new Scope("acme", "churn");
        try (LongTermMemory signature = open()) {
            List<NewMemory> batch = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                batch.add(NewMemory.builder("churn " + i).id("c" + i).embedding(vectors.get(i))
                        .metadata(Metadata.of("bucket", i % 2)).build());
            }
            signature.storeAll(churn, batch);
            signature.store(churn, NewMemory.builder("single").id("single").embedding(vectors.get(100)).build());
            assertOneSignatureRowPerMemory(churn, 41);
            // A re-store with another embedding replaces the signature in the same transaction.
            signature.store(churn, NewMemory.builder("moved").id("c0").embedding(vectors.get(200)).build());
            assertOneSignatureRowPerMemory(churn, 41);
            assertEquals(dev.agentmemory.postgres.internal.VectorCodec.signBits(vectors.get(200)), text(
                    "SELECT signature::text FROM \"" + SCHEMA + "\".memory_signatures WHERE tenant = 'acme' AND agent = "
                    + "'churn' AND id = 'c0'"));
            assertEquals("c0", hits(signature, churn, vectors.get(200), null).get(0));

            assertTrue(signature.delete(churn, "c1"));
            assertOneSignatureRowPerMemory(churn, 40);
            // Expired on write, and expired then purged by an operator's DELETE.
            signature.store(churn, NewMemory.builder("gone").id("c2").embedding(vectors.get(2))
                    .metadata(Metadata.of("bucket", 0)).expiresAt(java.time.Instant.now().minusSeconds(60)).build());
            signature.store(churn, NewMemory.builder("purged").id("c3").embedding(vectors.get(3))
                    .metadata(Metadata.of("bucket", 1)).expiresAt(java.time.Instant.now().minusSeconds(60)).build());
            assertOneSignatureRowPerMemory(churn, 40);
            for (int i = 1; i <= 3; i++) {
                String id = "c" + i;
                assertTrue(!hits(signature, churn, vectors.get(i), null).contains(id), id);
                assertTrue(!hits(signature, churn, vectors.get(i), Filter.eq("bucket", i % 2)).contains(id), id);
            }
            // More hits asked for than live memories: every live one, none of the expired or deleted.
            List<String> all = ids(signature.search(churn, MemoryQuery.vector(vectors.get(2)).limit(100)
                    .minSimilarity(-1).build()));
            assertEquals(38, all.size());
            assertTrue(!all.contains("c1") && !all.contains("c2") && !all.contains("c3"), all.toString());
            execute("DELETE FROM \"" + SCHEMA + "\".memories WHERE tenant = 'acme' AND agent = 'churn' AND expires_at < now()");
            assertOneSignatureRowPerMemory(churn, 38);

            assertEquals(18, signature.deleteAll(churn, Filter.eq("bucket", 1)));
            assertOneSignatureRowPerMemory(churn, 20);
            assertTrue(!hits(signature, churn, vectors.get(5), null).contains("c5"));
            assertEquals(20, signature.deleteAll(churn, Filter.all()));
            assertOneSignatureRowPerMemory(churn, 0);
            assertEquals(List.of(), hits(signature, churn, vectors.get(4), null));
        }
    }

    private static List<String> hits(LongTermMemory store, Scope scope, float[] query, Filter filter) {
        MemoryQuery.Builder q = MemoryQuery.vector(query).limit(5).minSimilarity(-1);
        return ids(store.search(scope, (filter == null ? q : q.filter(filter)).build()));
    }

    private static void assertOneSignatureRowPerMemory(Scope scope, long memories) throws SQLException {
        String where = " WHERE tenant = '" + scope.tenant() + "' AND agent = '" + scope.agent() + "'";
        assertEquals(memories, count("SELECT count(*) FROM \"" + SCHEMA + "\".memories" + where));
        assertEquals(memories, count("SELECT count(*) FROM \"" + SCHEMA + "\".memory_signatures" + where));
        assertEquals(memories, count("SELECT count(*) FROM \"" + SCHEMA + "\".memories m JOIN \"" + SCHEMA
                + "\".memory_signatures s USING (tenant, agent, id)" + where.replace("tenant", "m.tenant")
                .replace("agent", "m.agent")));
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

    private static String text(String sql) throws SQLException {
        try (Connection c = PostgresTestSupport.connect(); Statement st = c.createStatement();
             ResultSet r = st.executeQuery(sql)) {
            assertTrue(r.next(), sql);
            return r.getString(1);
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
