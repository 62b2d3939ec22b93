package dev.agentmemory.bench.postgres;

import dev.agentmemory.Filter;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.Metadata;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.bench.Servers;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Filtered similarity search through the provider: {@code memories} clustered 384-dimension vectors, each with the
 * metadata {@code bucket = i % 1000} (an Integer), searched for the top 10 among the memories whose bucket is below
 * 500, 50 or 5 (the filter keeps 50%, 5% or 0.5% of them), in each search mode. For each mode and filter: p50 and
 * p99 latency of one search over {@value #QUERIES} query vectors (after a warm-up pass), and recall@10 against exact
 * search with the same filter. Also checks that every search returned min(10, matching memories) hits and that
 * every hit passes the filter:
 * a filter applied after a prefilter would return fewer. Runs outside JMH: each search is a few milliseconds to a
 * few hundred, and the filters are what differ. Stateless.
 */
public final class FilteredSearch {

    /** Query vectors per mode and filter. */
    public static final int QUERIES = 64;
    /** Hits per search. */
    public static final int LIMIT = 10;
    /** Buckets: {@code bucket = i % BUCKETS}. */
    static final int BUCKETS = 1000;

    /**
     * One mode and filter.
     *
     * @param mode the search mode
     * @param kept the share of memories the filter keeps, in percent
     * @param filter the filter, as text
     * @param p50Millis median latency of one search
     * @param p99Millis 99th percentile latency of one search
     * @param recall mean fraction of exact search's filtered top 10 that this mode's filtered top 10 contains
     * @param complete whether every search returned min(10, matching) hits, all passing the filter
     */
    public record Row(String mode, double kept, String filter, double p50Millis, double p99Millis, double recall,
                      boolean complete) {
    }

    private FilteredSearch() {
    }

    /**
     * Loads the data set (its own schema), measures every mode and filter, and drops the schema.
     *
     * @param servers where PostgreSQL is
     * @param memories how many memories
     * @param modes the modes to measure, {@code exact} among them
     * @return one row per mode and filter
     * @throws SQLException if the server fails
     */
    public static List<Row> measure(Servers servers, int memories, List<String> modes) throws SQLException {
        if (!modes.contains("exact")) {
            throw new IllegalArgumentException("modes must include exact, the reference; got " + modes);
        }
        String schema = servers.schema("filtered_" + memories);
        try {
            PostgresStores.load(servers.postgresUrl(), schema, memories, modes, i -> Metadata.of("bucket", i % BUCKETS));
            ClusteredVectors vectors = new ClusteredVectors(ClusteredVectors.SEED);
            List<Row> rows = new ArrayList<>();
            for (int below : List.of(500, 50, 5)) {
                Filter filter = Filter.lt("bucket", below);
                List<List<String>> exact = null;
                for (String mode : orderedExactFirst(modes)) {
                    try (LongTermMemory store = PostgresStores.open(servers.postgresUrl(), schema, mode)) {
                        for (int q = 0; q < QUERIES / 4; q++) {
                            search(store, vectors.query(q), filter);
                        }
                        long expected = Math.min(LIMIT, store.count(PostgresStores.SCOPE, filter));
                        long[] nanos = new long[QUERIES];
                        List<List<String>> hits = new ArrayList<>();
                        boolean complete = true;
                        for (int q = 0; q < QUERIES; q++) {
                            long t0 = System.nanoTime();
                            List<ScoredMemory> found = search(store, vectors.query(q), filter);
                            nanos[q] = System.nanoTime() - t0;
                            complete &= found.size() == expected
                                    && found.stream().allMatch(h -> filter.test(h.memory().metadata()));
                            hits.add(found.stream().map(ScoredMemory::memory).map(Memory::id).toList());
                        }
                        if (mode.equals("exact")) {
                            exact = hits;
                        }
                        rows.add(new Row(mode, 100.0 * below / BUCKETS, filter.toString(), percentile(nanos, 50),
                                percentile(nanos, 99), recall(hits, exact == null ? hits : exact), complete));
                    }
                }
            }
            return rows;
        } finally {
            PostgresStores.drop(servers.postgresUrl(), schema);
        }
    }

    private static List<String> orderedExactFirst(List<String> modes) {
        List<String> ordered = new ArrayList<>(List.of("exact"));
        modes.stream().filter(m -> !m.equals("exact")).forEach(ordered::add);
        return ordered;
    }

    private static List<ScoredMemory> search(LongTermMemory store, float[] query, Filter filter) {
        return store.search(PostgresStores.SCOPE, MemoryQuery.vector(query).limit(LIMIT).minSimilarity(-1)
                .filter(filter).build());
    }

    private static double recall(List<List<String>> hits, List<List<String>> exact) {
        double sum = 0;
        for (int q = 0; q < hits.size(); q++) {
            Set<String> truth = new HashSet<>(exact.get(q));
            long found = hits.get(q).stream().filter(truth::contains).count();
            sum += truth.isEmpty() ? 1.0 : found / (double) truth.size();
        }
        return sum / hits.size();
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
