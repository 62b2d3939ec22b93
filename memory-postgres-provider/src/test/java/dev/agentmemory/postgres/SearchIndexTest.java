package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Health;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.tck.Await;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Index maintenance in the background: switching a schema that already holds memories to the cube mode fills the new
 * column outside every caller's call (before, open backfilled all rows in one batch, inside the first call's statement
 * timeout), searches are exact for the rows not filled yet (including rows a writer holds, which the fill skips and
 * comes back to), health reports the mode, its settings and the index's state, and a cube dimension the schema cannot
 * apply is reported.
 */
class SearchIndexTest {

    private static final String SCHEMA = PostgresTestSupport.newSchema("sindex");
    private static final int DIM = 96;
    private static final int COUNT = 1500;
    private static final Scope SCOPE = new Scope("acme", "bot");
    private static final Duration FILLED = Duration.ofSeconds(60);
    private static List<float[]> vectors;

    @BeforeAll
    static void load() {
        vectors = SearchTestData.clustered(new Random(3), COUNT, 20, DIM, 1.0);
        try (LongTermMemory exact = open("exact")) {
            CubeRecallTest.load(exact, SCOPE, "a", vectors);
        }
    }

    @AfterAll
    static void dropSchema() {
        PostgresTestSupport.dropSchema(SCHEMA);
    }

    private static LongTermMemory open(String mode, String... more) {
        MemoryOptions options = PostgresTestSupport.options(SCHEMA, more).with(PostgresOptions.SEARCH_MODE.key(), mode);
        return PostgresTestSupport.longTerm(options, DIM);
    }

    @Test
    void switchingToCubeFillsTheColumnInTheBackgroundWhileSearchesStayExact() throws SQLException {
        Random random = new Random(9);
        // More candidates than memories: the cube mode must then return exactly what the exact mode does.
        try (LongTermMemory exact = open("exact");
             LongTermMemory cube = open("cube", MemoryOptions.RESPONSE_TIMEOUT.key(), "2s",
                     PostgresOptions.CANDIDATES.key(), "2000")) {
            exact.search(SCOPE, MemoryQuery.vector(vectors.get(0)).build());
            assertEquals("cube", cube.health().attributes().get("searchMode"));
            assertEquals("48", cube.health().attributes().get("searchCubeDimensions"));
            assertEquals("2000", cube.health().attributes().get("searchCandidates"));
            // Whatever the fill has done so far.
            for (int q = 0; q < 5; q++) {
                assertSame(exact, cube, near(random, vectors));
            }
            await(() -> "ready".equals(cube.health().attributes().get("searchIndex")));
            assertEquals(0, emptyCubes());

            // A store opened before the column existed writes memories without cubes: the cube mode reads them exactly.
            List<float[]> late = SearchTestData.clustered(random, 100, 5, DIM, 1.0);
            CubeRecallTest.load(exact, SCOPE, "late", late);
            assertEquals(100, emptyCubes());
            for (int q = 0; q < 5; q++) {
                assertSame(exact, cube, near(random, late));
            }

            try (Connection locker = PostgresTestSupport.connect(); Statement st = locker.createStatement()) {
                // A writer holds one of them: the fill skips it and comes back to it, and reports that it is not done.
                locker.setAutoCommit(false);
                st.executeQuery("SELECT id FROM \"" + SCHEMA + "\".memories WHERE id = 'late7' FOR UPDATE").close();
                try (LongTermMemory reopened = open("cube", PostgresOptions.CANDIDATES.key(), "2000")) {
                    assertSame(exact, reopened, near(random, late));
                    await(() -> emptyCubesUnchecked() == 1);
                    Health building = reopened.health();
                    assertTrue(building.attributes().get("searchIndex").startsWith("building"),
                            building.attributes().toString());
                    assertSame(exact, reopened, near(random, late));
                    locker.rollback();
                    await(() -> "ready".equals(reopened.health().attributes().get("searchIndex")));
                    assertEquals(0, emptyCubes());
                    assertEquals(100, reopened.search(SCOPE, MemoryQuery.vector(late.get(0)).limit(100).build()).size());
                }
            }
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("agentmemory-postgres-index-")), "index thread left after close");
    }

    private static MemoryQuery near(Random random, List<float[]> around) {
        float[] query = SearchTestData.near(random, around.get(random.nextInt(around.size())), 0.5);
        return MemoryQuery.vector(query).limit(20).minSimilarity(-1).build();
    }

    private static long emptyCubesUnchecked() {
        try {
            return emptyCubes();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void closeReturnsTheIndexThreadEveryTime() {
        // A store's first write gives its indexer work (the first ANALYZE of a new schema), so each round starts the
        // index thread; close() must not return before that thread has ended.
        String schema = PostgresTestSupport.newSchema("sclose");
        try {
            for (int round = 0; round < 40; round++) {
                try (LongTermMemory store = PostgresTestSupport.longTerm(PostgresTestSupport.options(schema,
                        PostgresOptions.SEARCH_MODE.key(), "exact"), DIM)) {
                    store.storeAll(SCOPE, List.of(dev.agentmemory.NewMemory.builder("round " + round)
                            .id("r" + round).embedding(SearchTestData.random(new Random(round), DIM)).build()));
                }
                int r = round;
                assertTrue(Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith("agentmemory-postgres-index-")),
                        () -> "index thread left after close, round " + r);
            }
        } finally {
            PostgresTestSupport.dropSchema(schema);
        }
    }

    @Test
    void aCubeDimensionTheSchemaCannotApplyIsReported() {
        String schema = PostgresTestSupport.newSchema("sdims");
        try {
            try (LongTermMemory first = PostgresTestSupport.longTerm(PostgresTestSupport.options(schema,
                    PostgresOptions.SEARCH_MODE.key(), "cube"), DIM)) {
                CubeRecallTest.load(first, SCOPE, "a", vectors.subList(0, 50));
                assertEquals("ready", first.health().attributes().get("searchIndex"));
            }
            try (LongTermMemory other = PostgresTestSupport.longTerm(PostgresTestSupport.options(schema,
                    PostgresOptions.SEARCH_MODE.key(), "cube", PostgresOptions.CUBE_DIMENSIONS.key(), "64"), DIM)) {
                Health health = other.health();
                assertEquals("48", health.attributes().get("searchCubeDimensions"));
                String ignored = health.attributes().get("searchSettingsIgnored");
                assertTrue(ignored != null && ignored.contains("postgres.cube.dimensions=64") && ignored.contains("48"),
                        health.attributes().toString());
                assertEquals(10, other.search(SCOPE, MemoryQuery.vector(vectors.get(0)).build()).size());
            }
            try (LongTermMemory same = PostgresTestSupport.longTerm(PostgresTestSupport.options(schema,
                    PostgresOptions.SEARCH_MODE.key(), "cube", PostgresOptions.CUBE_DIMENSIONS.key(), "48"), DIM)) {
                assertEquals(null, same.health().attributes().get("searchSettingsIgnored"));
            }
        } finally {
            PostgresTestSupport.dropSchema(schema);
        }
    }

    private static void assertSame(LongTermMemory exact, LongTermMemory other, MemoryQuery query) {
        List<ScoredMemory> expected = exact.search(SCOPE, query);
        List<ScoredMemory> actual = other.search(SCOPE, query);
        assertEquals(expected.stream().map(s -> s.memory().id()).toList(),
                actual.stream().map(s -> s.memory().id()).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).similarity(), actual.get(i).similarity());
        }
    }

    private static void await(BooleanSupplier condition) {
        Await.until(FILLED, condition);
        assertTrue(condition.getAsBoolean(), "not within " + FILLED);
    }

    private static long emptyCubes() throws SQLException {
        try (Connection c = PostgresTestSupport.connect(); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT count(*) FROM \"" + SCHEMA + "\".memories WHERE embedding_cube IS NULL")) {
            r.next();
            return r.getLong(1);
        }
    }
}
