package dev.agentmemory.bench.realtext;

import dev.agentmemory.Embedder;
import dev.agentmemory.HashingEmbedder;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryType;
import dev.agentmemory.NewMemory;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.SearchKind;
import dev.agentmemory.bench.Servers;
import dev.agentmemory.bench.postgres.PostgresStores;
import dev.agentmemory.postgres.PostgresOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The {@code realtext} part of {@code bin/bench}: the manual-page corpus ({@link RealTextCorpus}) loaded into
 * PostgreSQL through the provider's {@code storeAll}, once per search setting, and its 500 summary queries searched
 * through the provider ({@code minSimilarity -1}, top 10). Text is embedded by a {@link CorpusEmbedder} that answers
 * from the cached MiniLM vectors, so no model runs while anything is timed.
 *
 * <p>Per setting and size: load time, p50 and p95 search latency, and at the corpus size the quality: recall@10
 * against {@code exact} on the same vectors, and hit@1, hit@10 and MRR@10 of the page each query was made from. At
 * four times the corpus (the pages repeated under new ids) only latency means something. One more row searches
 * exactly with the default {@link HashingEmbedder} instead of MiniLM, to show what the model brings.
 *
 * <p>A new search mode or query kind is one more {@link Setting} in {@link #settings}.
 */
public final class RealTextBenchmark {

    /** Copies of the corpus in the latency-only data set. */
    public static final int SCALE = 4;
    static final int LIMIT = 10;
    static final int WARMUP_QUERIES = 30;
    /** Queries timed at {@link #SCALE} times the corpus: exact search there costs a few hundred ms each. */
    static final int SCALED_QUERIES = 100;
    static final int LOAD_BATCH = 500;

    private RealTextBenchmark() {
    }

    /**
     * One way to search.
     *
     * @param name the row's label
     * @param mode the {@code postgres.search-mode}
     * @param options more store options (for example {@code postgres.cube.dimensions})
     * @param kind the query kind's label: {@code vector}, {@code keyword}, {@code hybrid}, with what changes the text
     * @param query what the setting changes in each query (its {@link SearchKind})
     * @param hashing whether text is embedded by the default {@link HashingEmbedder} instead of MiniLM (quality only)
     * @param text the text sent for a query's summary: the summary itself, or its words joined by {@code or}; the
     *     store's embedder answers a changed text with the summary's own vector, so only the keyword half changes
     */
    record Setting(String name, String mode, Map<String, String> options, String kind,
                   UnaryOperator<MemoryQuery.Builder> query, boolean hashing, UnaryOperator<String> text) {

        Setting(String name, String mode, Map<String, String> options, String kind,
                UnaryOperator<MemoryQuery.Builder> query, boolean hashing) {
            this(name, mode, options, kind, query, hashing, UnaryOperator.identity());
        }

        /** Whether this is the reference of recall: exact vector search with MiniLM. */
        boolean reference() {
            return mode.equals("exact") && kind.equals("vector") && !hashing;
        }
    }

    /**
     * A summary's words joined by {@code or}, which {@code websearch_to_tsquery} reads as "any of them" where the
     * summary itself asks for all of them: what a user after recall would type. Words are the runs of letters and
     * digits, so no {@code -} is left to be read as an exclusion; the word {@code or} itself is dropped (a stop word).
     *
     * @param summary the query text
     * @return its words joined by {@code " or "}
     */
    static String anyWord(String summary) {
        List<String> words = new ArrayList<>();
        for (String w : summary.split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty() && !w.equalsIgnoreCase("or")) {
                words.add(w);
            }
        }
        return String.join(" or ", words);
    }

    /**
     * One row of the table. Quality fields are NaN where they mean nothing (the scaled data set).
     *
     * @param setting the setting's name
     * @param kind the query kind
     * @param memories rows in the schema
     * @param loadSeconds time to load them through {@code storeAll} (the store already open: schema migrated and its
     *     search columns and indexes made)
     * @param p50Millis median search latency
     * @param p95Millis 95th percentile search latency
     * @param recall mean fraction of exact's top 10 found
     * @param hit1 share of queries whose page came first
     * @param hit10 share of queries whose page is in the top 10
     * @param mrr10 mean reciprocal rank of the page within the top 10
     * @param queries queries timed
     */
    public record Row(String setting, String kind, int memories, double loadSeconds, double p50Millis,
                      double p95Millis, double recall, double hit1, double hit10, double mrr10, int queries) {
    }

    /**
     * What the part measured.
     *
     * @param corpusNote how the corpus was made
     * @param pages pages in the corpus (or the smoke subset)
     * @param queries queries with their page in it
     * @param cosine p10, p50 and p90 of the MiniLM cosine between a query and its page
     * @param aboveDefaultThreshold queries whose page's cosine reaches 0.7, today's default minimum similarity
     * @param rows the table
     */
    public record Outcome(String corpusNote, int pages, int queries, double[] cosine, int aboveDefaultThreshold,
                          List<Row> rows) {
    }

    /**
     * The settings measured, in order; {@code exact} first (the reference of recall). Modes the server cannot
     * offer are left out.
     *
     * @param available the modes this PostgreSQL offers ({@link PostgresStores#modes})
     * @return the settings
     */
    static List<Setting> settings(List<String> available) {
        List<Setting> out = new ArrayList<>();
        out.add(new Setting("exact", "exact", Map.of(), "vector", b -> b, false));
        if (available.contains("signature")) {
            for (int k : new int[] {PostgresOptions.MIN_CANDIDATES, 200, PostgresOptions.DEFAULT_CANDIDATES}) {
                out.add(new Setting("signature, " + k + " candidates" + (k == PostgresOptions.DEFAULT_CANDIDATES
                        ? " (default)" : ""), "signature",
                        Map.of(PostgresOptions.CANDIDATES.key(), Integer.toString(k)), "vector", b -> b, false));
            }
        }
        if (available.contains("cube")) {
            for (int d : new int[] {32, PostgresOptions.DEFAULT_CUBE_DIMENSIONS, 64, 100}) {
                out.add(new Setting("cube " + d + " dims" + (d == PostgresOptions.DEFAULT_CUBE_DIMENSIONS
                        ? " (cube's default)" : ""), "cube",
                        Map.of(PostgresOptions.CUBE_DIMENSIONS.key(), Integer.toString(d)), "vector", b -> b, false));
            }
        }
        if (available.contains("pgvector")) {
            out.add(new Setting("pgvector", "pgvector", Map.of(), "vector", b -> b, false));
        }
        UnaryOperator<MemoryQuery.Builder> keyword = b -> b.kind(SearchKind.KEYWORD);
        UnaryOperator<MemoryQuery.Builder> hybrid = b -> b.kind(SearchKind.HYBRID);
        out.add(new Setting("exact", "exact", Map.of(), "keyword", keyword, false));
        out.add(new Setting("exact", "exact", Map.of(), "keyword, words or'ed", keyword, false,
                RealTextBenchmark::anyWord));
        out.add(new Setting("exact", "exact", Map.of(), "hybrid", hybrid, false));
        out.add(new Setting("exact", "exact", Map.of(), "hybrid, keyword half or'ed", hybrid, false,
                RealTextBenchmark::anyWord));
        if (available.contains("signature")) {
            out.add(new Setting("signature, " + PostgresOptions.DEFAULT_CANDIDATES + " candidates (default)",
                    "signature", Map.of(), "hybrid", hybrid, false));
        }
        out.add(new Setting("exact, HashingEmbedder instead of MiniLM", "exact", Map.of(), "vector", b -> b, true));
        return out;
    }

    /**
     * Runs the part.
     *
     * @param servers where PostgreSQL is; schemas are named after the run and dropped at the end
     * @param cacheDir where the corpus cache lives ({@code memory-benchmarks/target/realtext})
     * @param smoke a quick check: the first 1,000 pages and the queries among them
     * @param only measure only the settings whose name or query kind contains one of these words (all when empty);
     *     the first setting, exact vector search (the reference of recall), always runs
     * @param progress where progress lines go
     * @return the table
     * @throws IOException if the corpus cannot be built or read
     * @throws SQLException if PostgreSQL cannot be reached to list the modes or drop a schema
     */
    public static Outcome measure(Servers servers, Path cacheDir, boolean smoke, List<String> only,
                                  PrintStream progress)
            throws IOException, SQLException {
        RealTextCorpus full = RealTextCorpus.load(Path.of("/usr/share/man"), cacheDir, progress);
        Workload w = Workload.of(full, smoke ? 1_000 : full.size());
        List<String> available = PostgresStores.modes(servers.postgresUrl());
        long dashes = Arrays.stream(w.queries).mapToObj(q -> w.pages.get(q).query())
                .filter(t -> t.matches("(?s)(.*\\s)?-.*|.*\".*")).count();
        progress.printf(Locale.ROOT, "realtext: %d of %d query texts hold a '\"' or a '-' after a space or at the start"
                + " (websearch_to_tsquery reads them as phrase or exclusion); sent as they are to every kind%n",
                dashes, w.queries.length);
        List<Row> rows = new ArrayList<>();
        List<String> schemas = new ArrayList<>();
        Map<Integer, List<List<String>>> exactHits = new HashMap<>();
        try {
            for (int copies : new int[] {1, SCALE}) {
                List<Setting> all = settings(available);
                for (Setting s : all) {
                    if (s.hashing() && copies > 1 || s != all.get(0) && !only.isEmpty()
                            && only.stream().noneMatch(word -> s.name().contains(word) || s.kind().contains(word))) {
                        continue;
                    }
                    String schema = servers.schema("realtext_" + rows.size());
                    schemas.add(schema);
                    rows.add(run(servers, schema, s, w, copies, exactHits, progress));
                }
            }
        } finally {
            for (String schema : schemas) {
                try {
                    PostgresStores.drop(servers.postgresUrl(), schema);
                } catch (SQLException | RuntimeException e) {
                    progress.println("realtext: could not drop schema " + schema + ": " + e);
                }
            }
        }
        double[] cos = new double[w.queries.length];
        int above = 0;
        for (int q = 0; q < cos.length; q++) {
            cos[q] = Vectors.dot(w.queryVectors[q], w.documents[w.queries[q]]);
            above += cos[q] >= 0.7 ? 1 : 0;
        }
        Arrays.sort(cos);
        double[] pct = {cos[(int) (0.1 * (cos.length - 1))], cos[(cos.length - 1) / 2], cos[(int) (0.9 * (cos.length - 1))]};
        return new Outcome(full.buildNote(), w.documents.length, w.queries.length, pct, above, List.copyOf(rows));
    }

    private static Row run(Servers servers, String schema, Setting s, Workload w, int copies,
                           Map<Integer, List<List<String>>> exactHits, PrintStream progress) {
        int n = w.documents.length * copies;
        Embedder embedder = s.hashing() ? new HashingEmbedder(w.dimension) : w.embedder.withQueryText(s.text());
        Map<String, String> options = new HashMap<>(s.options());
        try (LongTermMemory store = PostgresStores.open(servers.postgresUrl(), schema, s.mode(), options, embedder)) {
            long t0 = System.nanoTime();
            List<NewMemory> batch = new ArrayList<>(LOAD_BATCH);
            for (int i = 0; i < n; i++) {
                int page = i % w.documents.length;
                String id = i < w.documents.length ? "p" + page : "p" + page + "-" + (i / w.documents.length);
                batch.add(NewMemory.builder(w.pages.get(page).document()).id(id).type(MemoryType.SEMANTIC).build());
                if (batch.size() == LOAD_BATCH || i == n - 1) {
                    store.storeAll(PostgresStores.SCOPE, batch);
                    batch.clear();
                }
            }
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            progress.printf(Locale.ROOT, "realtext: %s, %,d memories loaded in %.1f s; searching%n", s.name(), n,
                    loadSeconds);
            int timed = copies == 1 ? w.queries.length : Math.min(SCALED_QUERIES, w.queries.length);
            for (int q = 0; q < Math.min(WARMUP_QUERIES, w.queries.length); q++) {
                search(store, s, s.text().apply(w.pages.get(w.queries[q]).query()));
            }
            long[] nanos = new long[timed];
            List<List<String>> hits = new ArrayList<>();
            for (int q = 0; q < timed; q++) {
                String text = s.text().apply(w.pages.get(w.queries[q]).query());
                long q0 = System.nanoTime();
                List<String> ids = search(store, s, text);
                nanos[q] = System.nanoTime() - q0;
                hits.add(ids);
            }
            Arrays.sort(nanos);
            double p50 = nanos[(timed - 1) / 2] / 1e6;
            double p95 = nanos[(int) Math.ceil(0.95 * timed) - 1] / 1e6;
            if (copies > 1) {
                return new Row(s.name(), s.kind(), n, loadSeconds, p50, p95, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, timed);
            }
            if (s.reference()) {
                exactHits.put(n, hits);
            }
            @Nullable List<List<String>> exact = s.hashing() || !s.kind().equals("vector") ? null : exactHits.get(n);
            double recall = 0;
            double hit1 = 0;
            double hit10 = 0;
            double mrr = 0;
            for (int q = 0; q < timed; q++) {
                String right = "p" + w.queries[q];
                List<String> got = hits.get(q);
                int rank = got.indexOf(right);
                hit1 += rank == 0 ? 1 : 0;
                hit10 += rank >= 0 ? 1 : 0;
                mrr += rank >= 0 ? 1.0 / (rank + 1) : 0;
                if (exact != null) {
                    Set<String> truth = new HashSet<>(exact.get(q));
                    recall += truth.isEmpty() ? 1 : got.stream().filter(truth::contains).count() / (double) truth.size();
                }
            }
            return new Row(s.name(), s.kind(), n, loadSeconds, p50, p95, exact == null ? Double.NaN : recall / timed,
                    hit1 / timed, hit10 / timed, mrr / timed, timed);
        }
    }

    private static List<String> search(LongTermMemory store, Setting s, String text) {
        MemoryQuery query = s.query().apply(MemoryQuery.text(text).limit(LIMIT).minSimilarity(-1)).build();
        List<ScoredMemory> hits = store.search(PostgresStores.SCOPE, query);
        List<String> ids = new ArrayList<>(hits.size());
        for (ScoredMemory h : hits) {
            ids.add(h.memory().id());
        }
        return ids;
    }

    /** The pages and queries of one run: the whole corpus, or its first pages and the queries among them. */
    private static final class Workload {
        final List<ManPageCorpus.Page> pages;
        final float[][] documents;
        final int[] queries;
        final float[][] queryVectors;
        final int dimension;
        final CorpusEmbedder embedder;

        private Workload(RealTextCorpus c, int size) {
            pages = c.pages().subList(0, size);
            documents = Arrays.copyOf(c.documents(), size);
            List<Integer> keep = new ArrayList<>();
            for (int q = 0; q < c.queries().length; q++) {
                if (c.queries()[q] < size) {
                    keep.add(q);
                }
            }
            queries = keep.stream().mapToInt(q -> c.queries()[q]).toArray();
            queryVectors = keep.stream().map(q -> c.queryVectors()[q]).toArray(float[][]::new);
            dimension = c.dimension();
            embedder = new CorpusEmbedder(c);
        }

        static Workload of(RealTextCorpus c, int size) {
            return new Workload(c, Math.min(size, c.size()));
        }
    }
}
