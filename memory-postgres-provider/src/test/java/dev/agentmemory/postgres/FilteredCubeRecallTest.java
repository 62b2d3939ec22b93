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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Filtered search in cube mode against exact mode, on clustered vectors with metadata independent of the clusters:
 * the filter is in the candidate query, so a filtered search ranks the best candidates among the matching memories
 * and returns k of them whenever k match. Recall@10 is printed, not asserted (it depends on the projection).
 */
class FilteredCubeRecallTest {

    private static final String SCHEMA = PostgresTestSupport.newSchema("frecall");
    private static final int COUNT = 8000;

    @AfterAll
    static void dropSchema() {
        PostgresTestSupport.dropSchema(SCHEMA);
    }

    @Test
    void filteredCubeSearchReturnsKMatchingMemoriesWheneverKMatch() {
        Random random = new Random(11);
        Scope scope = new Scope("acme", "bot");
        Scope other = new Scope("acme", "other-bot");
        // 5% of 8000 is more than the 300 candidates the cube mode reads, so the filtered recall is not trivially 1.
        List<float[]> vectors = SearchTestData.clustered(random, COUNT, 30, CubeRecallTest.DIM, 1.0);
        List<NewMemory> memories = new ArrayList<>(COUNT);
        List<Metadata> metadata = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            // bucket keeps 5% by equality (GIN), rank 5% by a range; half is tagged.
            Metadata m = Metadata.of("bucket", i % 20, "rank", (long) random.nextInt(COUNT), "tagged", i % 2 == 0);
            metadata.add(m);
            memories.add(NewMemory.builder("memory " + i).id("m" + i).embedding(vectors.get(i)).metadata(m).build());
        }
        Map<String, Filter> filters = Map.of(
                "bucket = 7 (5%)", Filter.eq("bucket", 7),
                "rank < 400 (5%)", Filter.lt("rank", COUNT / 20),
                "tagged AND bucket IN [1, 2] (5%)", Filter.eq("tagged", true).and(Filter.in("bucket", 1, 2)),
                "bucket = 3 AND rank < 800 (0.5%)", Filter.eq("bucket", 3).and(Filter.lt("rank", COUNT / 10L)),
                "tagged (50%)", Filter.eq("tagged", true));
        try (LongTermMemory cube = PostgresTestSupport.longTerm(PostgresTestSupport.options(SCHEMA,
                PostgresOptions.SEARCH_MODE.key(), "cube"), CubeRecallTest.DIM);
             LongTermMemory exact = PostgresTestSupport.longTerm(PostgresTestSupport.options(SCHEMA,
                     PostgresOptions.SEARCH_MODE.key(), "exact"), CubeRecallTest.DIM)) {
            for (int i = 0; i < COUNT; i += 1000) {
                cube.storeAll(scope, memories.subList(i, i + 1000));
            }
            // The same metadata in a neighbour scope: its memories are never candidates.
            cube.storeAll(other, memories.subList(0, 1000));
            assertEquals("cube", cube.health().attributes().get("searchMode"));
            StringBuilder report = new StringBuilder("filtered recall@10, cube against exact, " + COUNT
                    + " clustered " + CubeRecallTest.DIM + "-d vectors:");
            for (Map.Entry<String, Filter> e : filters.entrySet()) {
                Filter filter = e.getValue();
                long matching = metadata.stream().filter(filter::test).count();
                assertEquals(matching, cube.count(scope, filter));
                double sum = 0;
                int queries = 30;
                for (int q = 0; q < queries; q++) {
                    float[] query = SearchTestData.near(random, vectors.get(random.nextInt(COUNT)), 0.5);
                    MemoryQuery mq = MemoryQuery.vector(query).filter(filter).limit(10).minSimilarity(-1).build();
                    List<ScoredMemory> truth = exact.search(scope, mq);
                    List<ScoredMemory> found = cube.search(scope, mq);
                    assertEquals(Math.min(10, matching), truth.size(), e.getKey());
                    assertEquals(Math.min(10, matching), found.size(), e.getKey());
                    for (ScoredMemory s : found) {
                        assertTrue(filter.test(s.memory().metadata()), e.getKey() + ": " + s.memory().metadata());
                    }
                    Set<String> hit = CubeRecallTest.ids(found);
                    hit.retainAll(CubeRecallTest.ids(truth));
                    sum += hit.size() / (double) truth.size();
                }
                report.append(String.format(Locale.ROOT, "%n  %-36s %5d match, recall@10 %.3f", e.getKey(), matching,
                        sum / queries));
            }
            System.out.println(report);
        }
    }
}
