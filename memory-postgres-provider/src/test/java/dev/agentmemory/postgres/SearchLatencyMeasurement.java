package dev.agentmemory.postgres;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.Scope;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A quick measurement, not part of the default build (tag {@code measurement}): p50 search latency of the cube
 * and exact modes at 10,000 memories of 384 dimensions in one scope (and 1,111 in another), with recall@10.
 * Run: {@code mvn -f memory-postgres-provider/pom.xml test -Dtest=SearchLatencyMeasurement -Dgroups=measurement -Dsurefire.excludedGroups=none}.
 */
@Tag("measurement")
class SearchLatencyMeasurement {

    private static final System.Logger LOG = System.getLogger(SearchLatencyMeasurement.class.getName());

    @Test
    void measure() {
        String dims = System.getProperty("measurement.cube-dimensions", "32,48,64");
        for (int cubeDimensions : Arrays.stream(dims.split(",")).mapToInt(Integer::parseInt).toArray()) {
            String schema = PostgresTestSupport.newSchema("latency" + cubeDimensions);
            try {
                measure(schema, cubeDimensions);
            } finally {
                PostgresTestSupport.dropSchema(schema);
            }
        }
    }

    private static void measure(String schema, int cubeDimensions) {
        Random random = new Random(11);
        Scope scope = new Scope("acme", "bot");
        List<float[]> vectors = SearchTestData.clustered(random, 10_000, 100, CubeRecallTest.DIM, 1.0);
        try (LongTermMemory cube = PostgresTestSupport.longTerm(PostgresTestSupport.options(schema,
                PostgresOptions.SEARCH_MODE.key(), "cube", PostgresOptions.CUBE_DIMENSIONS.key(), Integer.toString(cubeDimensions)),
                CubeRecallTest.DIM);
             LongTermMemory exact = PostgresTestSupport.longTerm(PostgresTestSupport.options(schema,
                     PostgresOptions.SEARCH_MODE.key(), "exact"), CubeRecallTest.DIM)) {
            CubeRecallTest.load(cube, scope, "a", vectors);
            CubeRecallTest.load(cube, new Scope("acme", "other"), "b",
                    SearchTestData.clustered(random, 1_111, 100, CubeRecallTest.DIM, 1.0));
            // As autovacuum would after a bulk load: without statistics the planner cannot see the GiST index pays.
            analyze(schema);
            double recall = CubeRecallTest.recall(cube, exact, scope, vectors, random, 50);
            LOG.log(System.Logger.Level.INFO, String.format("cube %d dims: p50 %.1f ms; exact: p50 %.1f ms; "
                            + "recall@10 %.3f (10,000 x 384 in scope, 1,111 in another)", cubeDimensions,
                    p50(cube, scope, vectors, random), p50(exact, scope, vectors, random), recall));
        }
    }

    private static void analyze(String schema) {
        try (java.sql.Connection c = PostgresTestSupport.connect(); java.sql.Statement st = c.createStatement()) {
            st.execute("ANALYZE \"" + schema + "\".memories");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double p50(LongTermMemory store, Scope scope, List<float[]> vectors, Random random) {
        double[] millis = new double[60];
        for (int i = -10; i < millis.length; i++) {
            float[] query = SearchTestData.near(random, vectors.get(random.nextInt(vectors.size())), 0.5);
            long start = System.nanoTime();
            store.search(scope, MemoryQuery.vector(query).limit(10).minSimilarity(-1).build());
            if (i >= 0) {
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(millis);
        return millis[millis.length / 2];
    }
}
