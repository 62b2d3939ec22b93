package dev.agentmemory.bench.postgres;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.bench.Servers;
import dev.agentmemory.postgres.PostgresOptions;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recall@10 of each search mode against {@code exact}, over the benchmark's query vectors, and whether the JDBC
 * baseline returns the same hits as the provider in the same mode (if it did not, the baseline would not be doing
 * the same work, and the comparison would mean nothing). Runs once per data set, outside JMH. Stateless.
 */
public final class SearchQuality {

    /**
     * @param recall mean fraction of the exact top 10 that this mode's top 10 contains (1.0 for exact itself)
     * @param baselineAgreement fraction of queries whose JDBC top 10 equals the provider's, in the same order
     */
    public record Quality(double recall, double baselineAgreement) {
    }

    private SearchQuality() {
    }

    /**
     * @param servers where PostgreSQL is
     * @param memories which data set
     * @param modes the modes to check, {@code exact} among them
     * @return per mode, its quality
     * @throws SQLException if the server fails
     */
    public static Map<String, Quality> measure(Servers servers, int memories, List<String> modes) throws SQLException {
        String schema = servers.schema("search_" + memories);
        ClusteredVectors vectors = new ClusteredVectors(ClusteredVectors.SEED);
        Map<String, List<List<String>>> byMode = new LinkedHashMap<>();
        Map<String, List<List<String>>> byModeJdbc = new LinkedHashMap<>();
        try (JdbcMemories jdbc = new JdbcMemories(servers.postgresUrl(), schema)) {
            for (String mode : modes) {
                List<List<String>> provider = new ArrayList<>();
                List<List<String>> baseline = new ArrayList<>();
                try (LongTermMemory store = PostgresStores.open(servers.postgresUrl(), schema, mode)) {
                    for (int q = 0; q < PostgresSearchBenchmark.QUERIES; q++) {
                        float[] query = vectors.query(q);
                        provider.add(store.search(PostgresStores.SCOPE, MemoryQuery.vector(query)
                                        .limit(PostgresSearchBenchmark.LIMIT).minSimilarity(-1).build())
                                .stream().map(ScoredMemory::memory).map(m -> m.id()).toList());
                        baseline.add(jdbc.search(PostgresStores.SCOPE.tenant(), PostgresStores.SCOPE.agent(), query,
                                        mode, PostgresSearchBenchmark.LIMIT, PostgresOptions.DEFAULT_CANDIDATES)
                                .stream().map(JdbcMemories.Hit::id).toList());
                    }
                }
                byMode.put(mode, provider);
                byModeJdbc.put(mode, baseline);
            }
        }
        List<List<String>> exact = byMode.get("exact");
        if (exact == null) {
            throw new IllegalArgumentException("modes must include exact, the reference; got " + modes);
        }
        Map<String, Quality> out = new LinkedHashMap<>();
        for (String mode : modes) {
            List<List<String>> hits = byMode.get(mode);
            List<List<String>> baseline = byModeJdbc.get(mode);
            double recall = 0;
            int agree = 0;
            for (int q = 0; q < hits.size(); q++) {
                Set<String> truth = new HashSet<>(exact.get(q));
                long found = hits.get(q).stream().filter(truth::contains).count();
                recall += truth.isEmpty() ? 1.0 : found / (double) truth.size();
                if (hits.get(q).equals(baseline.get(q))) {
                    agree++;
                }
            }
            out.put(mode, new Quality(recall / hits.size(), agree / (double) hits.size()));
        }
        return out;
    }
}
