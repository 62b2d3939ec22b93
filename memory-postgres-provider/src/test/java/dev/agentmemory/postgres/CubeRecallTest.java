package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Recall@10 of the cube mode against the exact mode on clustered 384-dimension vectors (which resemble real
 * embeddings; on unstructured random vectors a projection keeps little), with a second scope in the same table so
 * the prefilter has to stay inside the scope.
 */
class CubeRecallTest {

    private static final String SCHEMA = PostgresTestSupport.newSchema("recall");
    static final int DIM = 384;

    @AfterAll
    static void dropSchema() {
        PostgresTestSupport.dropSchema(SCHEMA);
    }

    @Test
    void cubeRecallAt10IsAtLeast95PercentOfExact() {
        Random random = new Random(7);
        Scope scope = new Scope("acme", "bot");
        Scope other = new Scope("acme", "other-bot");
        List<float[]> vectors = SearchTestData.clustered(random, 3000, 30, DIM, 1.0);
        try (LongTermMemory cube = PostgresTestSupport.longTerm(PostgresTestSupport.options(SCHEMA,
                PostgresOptions.SEARCH_MODE.key(), "cube"), DIM);
             LongTermMemory exact = PostgresTestSupport.longTerm(PostgresTestSupport.options(SCHEMA,
                     PostgresOptions.SEARCH_MODE.key(), "exact"), DIM)) {
            load(cube, scope, "a", vectors);
            load(cube, other, "b", SearchTestData.clustered(random, 800, 30, DIM, 1.0));
            assertEquals("cube", cube.health().attributes().get("searchMode"));
            double recall = recall(cube, exact, scope, vectors, random, 40);
            System.getLogger(CubeRecallTest.class.getName()).log(System.Logger.Level.INFO,
                    "cube recall@10 on 3000 clustered vectors: " + recall);
            assertTrue(recall >= 0.95, "recall@10 " + recall);
        }
    }

    static void load(LongTermMemory store, Scope scope, String prefix, List<float[]> vectors) {
        List<NewMemory> all = SearchTestData.memories(prefix, vectors);
        for (int i = 0; i < all.size(); i += 1000) {
            store.storeAll(scope, all.subList(i, Math.min(all.size(), i + 1000)));
        }
    }

    /** Mean recall@10 of {@code approximate} against {@code exact} over queries near stored vectors. */
    static double recall(LongTermMemory approximate, LongTermMemory exact, Scope scope, List<float[]> vectors,
                         Random random, int queries) {
        double sum = 0;
        for (int q = 0; q < queries; q++) {
            float[] query = SearchTestData.near(random, vectors.get(random.nextInt(vectors.size())), 0.5);
            MemoryQuery mq = MemoryQuery.vector(query).limit(10).minSimilarity(-1).build();
            Set<String> truth = ids(exact.search(scope, mq));
            Set<String> found = ids(approximate.search(scope, mq));
            found.retainAll(truth);
            sum += found.size() / (double) truth.size();
        }
        return sum / queries;
    }

    static Set<String> ids(List<ScoredMemory> hits) {
        Set<String> out = new HashSet<>();
        for (ScoredMemory s : hits) {
            out.add(s.memory().id());
        }
        return out;
    }

}
