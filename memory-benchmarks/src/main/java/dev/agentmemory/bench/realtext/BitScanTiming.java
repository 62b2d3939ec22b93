package dev.agentmemory.bench.realtext;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How long PostgreSQL takes to scan sign-bit signatures: {@code ORDER BY bit_count(sig # $1) LIMIT K} over every row
 * of a table of {@code bit(384)} signatures (PostgreSQL 14+, no extension), then the exact re-rank of the K fetched
 * embeddings in Java. Two layouts: the signature as a column of a wide row like the provider's (content, embedding,
 * signature), and a narrow side table (id, signature) whose top K are joined back to the wide rows. The rows are the
 * real-text corpus repeated with new ids; everything lives in a scratch schema that is dropped at the end.
 *
 * <p>Run: {@code java -cp ... dev.agentmemory.bench.realtext.BitScanTiming JDBC-URL [--cache DIR]}.
 */
public final class BitScanTiming {

    private static final int WARMUP = 10;
    private static final int RUNS = 60;

    private BitScanTiming() {
    }

    /**
     * @param args the JDBC URL of a PostgreSQL 14+, then optionally {@code --cache DIR}
     * @throws Exception if the corpus or the database cannot be used
     */
    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path cache = args.length > 2 && args[1].equals("--cache") ? Path.of(args[2]) : Path.of("target", "realtext");
        RealTextCorpus corpus = RealTextCorpus.load(Path.of("/usr/share/man"), cache, System.err);
        float[] mean = AnnStudy.mean(corpus.documents());
        String schema = "bitscan_" + Long.toString(System.currentTimeMillis(), 36);
        StringBuilder table = new StringBuilder();
        table.append("| rows | layout | K | p50 ms | p95 ms |\n|---:|---|---:|---:|---:|\n");
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            try {
                for (int rows : new int[] {10_000, 40_000}) {
                    String wide = schema + ".wide_" + rows;
                    String narrow = schema + ".narrow_" + rows;
                    load(c, corpus, mean, wide, narrow, rows);
                    for (int k : new int[] {100, 200, 400}) {
                        table.append(row(c, corpus, mean, rows, "signature column of the wide row", k,
                                "SELECT id, embedding FROM " + wide + " ORDER BY bit_count(sig # ?::bit(384)) LIMIT ?"));
                        table.append(row(c, corpus, mean, rows, "narrow side table, top K joined back", k,
                                "SELECT w.id, w.embedding FROM (SELECT id FROM " + narrow
                                        + " ORDER BY bit_count(sig # ?::bit(384)) LIMIT ?) s JOIN " + wide
                                        + " w USING (id)"));
                    }
                }
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
        System.out.print(table);
    }

    private static void load(Connection c, RealTextCorpus corpus, float[] mean, String wide, String narrow, int rows)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + wide + " (id text PRIMARY KEY, content text NOT NULL, embedding bytea NOT NULL,"
                    + " sig bit(384) NOT NULL)");
            s.execute("CREATE TABLE " + narrow + " (id text PRIMARY KEY, sig bit(384) NOT NULL)");
        }
        c.setAutoCommit(false);
        try (PreparedStatement w = c.prepareStatement("INSERT INTO " + wide + " VALUES (?, ?, ?, ?::bit(384))");
             PreparedStatement n = c.prepareStatement("INSERT INTO " + narrow + " VALUES (?, ?::bit(384))")) {
            for (int i = 0; i < rows; i++) {
                int doc = i % corpus.size();
                String id = "m" + i;
                String sig = bits(AnnStudy.signature(corpus.documents()[doc], mean, null), corpus.dimension());
                w.setString(1, id);
                w.setString(2, corpus.pages().get(doc).document());
                w.setBytes(3, bytes(corpus.documents()[doc]));
                w.setString(4, sig);
                w.addBatch();
                n.setString(1, id);
                n.setString(2, sig);
                n.addBatch();
                if (i % 1000 == 999) {
                    w.executeBatch();
                    n.executeBatch();
                }
            }
            w.executeBatch();
            n.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE " + wide);
            s.execute("VACUUM ANALYZE " + narrow);
        }
    }

    private static String row(Connection c, RealTextCorpus corpus, float[] mean, int rows, String layout, int k,
                              String sql) throws SQLException {
        List<Long> times = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int r = 0; r < WARMUP + RUNS; r++) {
                int q = r % corpus.queries().length;
                float[] query = corpus.queryVectors()[q];
                long t0 = System.nanoTime();
                ps.setString(1, bits(AnnStudy.signature(query, mean, null), corpus.dimension()));
                ps.setInt(2, k);
                float best = -2;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        // The exact re-rank: decode each candidate and score it.
                        ByteBuffer b = ByteBuffer.wrap(rs.getBytes(2));
                        float dot = 0;
                        for (float x : query) {
                            dot += x * b.getFloat();
                        }
                        best = Math.max(best, dot);
                    }
                }
                if (best < -1) {
                    throw new IllegalStateException("no candidates");
                }
                if (r >= WARMUP) {
                    times.add(System.nanoTime() - t0);
                }
            }
        }
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        String line = String.format(Locale.ROOT, "| %,d | %s | %d | %.1f | %.1f |%n", rows, layout, k,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.95)] / 1e6);
        System.err.print(line);
        return line;
    }

    static String bits(long[] sig, int dim) {
        char[] out = new char[dim];
        Arrays.fill(out, '0');
        for (int j = 0; j < dim; j++) {
            if ((sig[j >>> 6] >>> (j & 63) & 1L) != 0) {
                out[j] = '1';
            }
        }
        return new String(out);
    }

    static byte[] bytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }
}
