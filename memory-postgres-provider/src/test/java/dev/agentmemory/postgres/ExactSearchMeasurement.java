package dev.agentmemory.postgres;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.Scope;
import dev.agentmemory.postgres.internal.VectorCodec;
import dev.agentmemory.spi.Cosine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Where the time of an exact search goes, not part of the default build (tag {@code measurement}): the server's
 * own execution time of the candidate query ({@code EXPLAIN ANALYZE}), the transfer of every {@code bytea} over
 * pgjdbc in text (hex) and in binary form, the Java scoring, and the whole {@code search} call, at 10,000 and 40,000
 * memories of 384 dimensions in one scope (plus 1,111 in another). Run:
 * {@code mvn -pl memory-postgres-provider -am test -Dtest=ExactSearchMeasurement -Dgroups=measurement
 * -Dsurefire.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dmeasurement.sizes=10000} for one size, {@code -Dmeasurement.signature=true} to add the signature mode).
 */
@Tag("measurement")
class ExactSearchMeasurement {

    private static final int DIM = 384;
    private static final int RUNS = 30;

    @Test
    void measure() throws SQLException {
        String sizes = System.getProperty("measurement.sizes", "10000,40000");
        StringBuilder report = new StringBuilder("exact search, " + DIM + "-d vectors, p50 of " + RUNS + " runs (ms):");
        for (int size : Arrays.stream(sizes.split(",")).mapToInt(Integer::parseInt).toArray()) {
            String schema = PostgresTestSupport.newSchema("exactm");
            try {
                measure(schema, size, report);
            } finally {
                PostgresTestSupport.dropSchema(schema);
            }
        }
        System.out.println(report);
    }

    private static void measure(String schema, int size, StringBuilder report) throws SQLException {
        Random random = new Random(5);
        Scope scope = new Scope("acme", "bot");
        List<float[]> vectors = SearchTestData.clustered(random, size, 100, DIM, 1.0);
        String client = PostgresTestSupport.newClientName("exactm");
        try (LongTermMemory exact = PostgresTestSupport.longTerm(PostgresTestSupport.options(schema,
                PostgresOptions.SEARCH_MODE.key(), "exact", dev.agentmemory.MemoryOptions.CLIENT_NAME.key(), client), DIM)) {
            CubeRecallTest.load(exact, scope, "a", vectors);
            CubeRecallTest.load(exact, new Scope("acme", "other"), "b",
                    SearchTestData.clustered(random, 1_111, 100, DIM, 1.0));
            try (Connection c = PostgresTestSupport.connect(); Statement st = c.createStatement()) {
                st.execute("ANALYZE \"" + schema + "\".memories");
            }
            String sql = "SELECT id, embedding FROM \"" + schema + "\".memories WHERE tenant = ? AND agent = ? "
                    + "AND (expires_at IS NULL OR expires_at > now())";
            String versionsSql = "SELECT id, xmin, updated_at FROM \"" + schema + "\".memories "
                    + "WHERE tenant = ? AND agent = ? AND (expires_at IS NULL OR expires_at > now())";
            float[] query = vectors.get(0);
            double server = p50(i -> serverMillis(sql));
            double versionsServer = p50(i -> serverMillis(versionsSql));
            double versions = p50(i -> fetch(versionsSql, "-1", 0, false, query));
            double text = p50(i -> fetch(sql, "0", 0, false, query));
            double binary = p50(i -> fetch(sql, "-1", 0, false, query));
            double binary500 = p50(i -> fetch(sql, "-1", 500, false, query));
            double binary2000 = p50(i -> fetch(sql, "-1", 2000, false, query));
            double binaryScored = p50(i -> fetch(sql, "-1", 0, true, query));
            double search;
            double uncached;
            try (LongTermMemory noCache = PostgresTestSupport.longTerm(PostgresTestSupport.options(schema,
                    PostgresOptions.SEARCH_MODE.key(), "exact", PostgresOptions.VECTOR_CACHE.key(), "0"), DIM)) {
                // Alternately, so that the machine's load weighs on both alike.
                double[] both = alternateP50(exact, noCache, scope, vectors, random);
                search = both[0];
                uncached = both[1];
            }
            String cpu = cpuPerSearch(exact, scope, vectors, random, client);
            String signature = "";
            if (Boolean.getBoolean("measurement.signature")) {
                String sigClient = PostgresTestSupport.newClientName("sigm");
                try (LongTermMemory sig = PostgresTestSupport.longTerm(PostgresTestSupport.options(schema,
                        PostgresOptions.SEARCH_MODE.key(), "signature",
                        dev.agentmemory.MemoryOptions.CLIENT_NAME.key(), sigClient), DIM)) {
                    signature = String.format(Locale.ROOT, " | signature search() %.1f (CPU per search: %s), "
                                    + "recall@10 %.3f (clustered)",
                            searchP50(sig, scope, vectors, random), cpuPerSearch(sig, scope, vectors, random, sigClient),
                            CubeRecallTest.recall(sig, exact, scope, vectors, random, 30));
                }
            }
            report.append(String.format(Locale.ROOT, "%n  %,d memories: server execution %.1f | fetch text (hex) %.1f"
                    + " | fetch binary %.1f (fetch size 500: %.1f, 2000: %.1f) | fetch binary + decode + score %.1f"
                    + " | ids and versions: server %.1f, fetch %.1f | search() %.1f (CPU per search: %s)"
                    + " | search() without the vector cache %.1f%s", size, server, text, binary, binary500, binary2000,
                    binaryScored, versionsServer, versions, search, cpu, uncached, signature));
        }
    }

    /** @return the p50 of each store's search, the two run one after the other with the same queries */
    private static double[] alternateP50(LongTermMemory a, LongTermMemory b, Scope scope, List<float[]> vectors,
                                         Random random) {
        double[] first = new double[RUNS];
        double[] second = new double[RUNS];
        for (int i = -5; i < RUNS; i++) {
            float[] q = SearchTestData.near(random, vectors.get(random.nextInt(vectors.size())), 0.5);
            MemoryQuery query = MemoryQuery.vector(q).limit(10).minSimilarity(-1).build();
            long start = System.nanoTime();
            a.search(scope, query);
            long middle = System.nanoTime();
            b.search(scope, query);
            long end = System.nanoTime();
            if (i >= 0) {
                first[i] = (middle - start) / 1e6;
                second[i] = (end - middle) / 1e6;
            }
        }
        Arrays.sort(first);
        Arrays.sort(second);
        return new double[] {first[RUNS / 2], second[RUNS / 2]};
    }

    private static double searchP50(LongTermMemory store, Scope scope, List<float[]> vectors, Random random) {
        return p50(i -> {
            float[] q = SearchTestData.near(random, vectors.get(random.nextInt(vectors.size())), 0.5);
            long start = System.nanoTime();
            store.search(scope, MemoryQuery.vector(q).limit(10).minSimilarity(-1).build());
            return (System.nanoTime() - start) / 1e6;
        });
    }

    /**
     * CPU time per search, which the machine's load does not inflate as it does wall time: this JVM's (the driver's
     * decoding, the scoring, GC) and the server's (the backends of the store's pool, from /proc), over 30 searches.
     */
    private static String cpuPerSearch(LongTermMemory store, Scope scope, List<float[]> vectors, Random random,
                                       String client) {
        int n = 30;
        long jvm = jvmCpuNanos();
        long server = backendTicks(client);
        for (int i = 0; i < n; i++) {
            float[] q = SearchTestData.near(random, vectors.get(random.nextInt(vectors.size())), 0.5);
            store.search(scope, MemoryQuery.vector(q).limit(10).minSimilarity(-1).build());
        }
        double jvmMs = (jvmCpuNanos() - jvm) / 1e6 / n;
        long ticks = backendTicks(client) - server;
        return server < 0 ? String.format(Locale.ROOT, "JVM %.1f ms", jvmMs)
                : String.format(Locale.ROOT, "JVM %.1f ms, server %.1f ms", jvmMs, ticks * 10.0 / n);
    }

    private static long jvmCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    /** @return user + system clock ticks (1/100 s) of the server backends of a client, or -1 if /proc is not readable */
    private static long backendTicks(String client) {
        long total = 0;
        try (Connection c = PostgresTestSupport.connect();
             PreparedStatement s = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
            s.setString(1, client);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + r.getInt(1) + "/stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
            return total;
        } catch (SQLException | java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double serverMillis(String sql) {
        try (Connection c = PostgresTestSupport.connect();
             PreparedStatement s = c.prepareStatement("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)) {
            s.setString(1, "acme");
            s.setString(2, "bot");
            try (ResultSet r = s.executeQuery()) {
                r.next();
                String json = r.getString(1);
                int at = json.indexOf("\"Execution Time\": ") + "\"Execution Time\": ".length();
                return Double.parseDouble(json.substring(at, json.indexOf('\n', at)).replace(",", "").trim());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Fetches every candidate on a connection with the given prepareThreshold (0: text, -1: binary) and fetch size (0:
     * all at once), in a transaction as the store does.
     */
    private static double fetch(String sql, String prepareThreshold, int fetchSize, boolean score, float[] query) {
        Properties p = new Properties();
        p.setProperty("ApplicationName", "amt-checker");
        p.setProperty("prepareThreshold", prepareThreshold);
        try (Connection c = DriverManager.getConnection(PostgresTestSupport.url(), p);
             PreparedStatement s = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            s.setFetchSize(fetchSize);
            s.setString(1, "acme");
            s.setString(2, "bot");
            long start = System.nanoTime();
            double best = -2;
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    byte[] bytes = r.getBytes(2);
                    if (score) {
                        best = Math.max(best, Cosine.similarity(query, VectorCodec.decode(bytes)));
                    }
                }
            }
            if (best > 2) {
                throw new AssertionError();
            }
            return (System.nanoTime() - start) / 1e6;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double p50(ToDoubleFunction<Integer> run) {
        double[] millis = new double[RUNS];
        for (int i = -5; i < RUNS; i++) {
            double m = run.applyAsDouble(i);
            if (i >= 0) {
                millis[i] = m;
            }
        }
        Arrays.sort(millis);
        return millis[RUNS / 2];
    }
}
