package dev.agentmemory.bench.realtext;

import dev.agentmemory.Embedder;
import dev.agentmemory.langchain4j.LangChain4jEmbedder;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The real-text corpus with its MiniLM vectors: built from the manual pages ({@link ManPageCorpus}) and embedded
 * once, then read back from {@code target/realtext/corpus-<key>.bin}, whose key is a hash of the pages and the
 * queries: a changed corpus gets a new file, and only its texts that no earlier file holds are embedded again. The
 * pages are parsed on every run (about 20 s), so the key always describes what is on disk. Vectors are normalised
 * to length 1.
 *
 * @param key the cache key
 * @param pages the documents and their queries, in path order
 * @param queries indexes of the pages whose summaries are the queries ({@value #QUERIES}, fixed seed)
 * @param documents one vector per page
 * @param queryVectors one vector per query, in the order of {@code queries}
 * @param buildNote how the corpus was made, for the report (counts and times)
 */
public record RealTextCorpus(String key, List<ManPageCorpus.Page> pages, int[] queries, float[][] documents,
                             float[][] queryVectors, String buildNote) {

    /** Pages in the corpus, at most. */
    public static final int TARGET = 10_000;
    /** Queries drawn from the pages. */
    public static final int QUERIES = 500;
    static final long QUERY_SEED = 42L;
    private static final int MAGIC = 0x52545831; // "RTX1"

    /** @return the number of pages */
    public int size() {
        return pages.size();
    }

    /** @return the dimension of the vectors */
    public int dimension() {
        return documents[0].length;
    }

    /**
     * The corpus from the cache, or built and embedded (and cached) when the cache does not hold this machine's
     * pages.
     *
     * @param manRoot usually {@code /usr/share/man}
     * @param cacheDir usually {@code memory-benchmarks/target/realtext}
     * @param progress where progress lines go
     * @return the corpus
     * @throws IOException if the pages or the cache cannot be read or written
     */
    public static RealTextCorpus load(Path manRoot, Path cacheDir, PrintStream progress) throws IOException {
        ManPageCorpus.Built built = ManPageCorpus.build(manRoot, TARGET);
        ManPageCorpus.Stats s = built.stats();
        progress.printf(Locale.ROOT, "realtext: %s%n", describe(s));
        if (s.kept() < TARGET) {
            progress.printf(Locale.ROOT, "realtext: %,d pages, fewer than the %,d of the corpus: bin/realtext-corpus "
                    + "installs the Debian packages whose manual pages make up the rest (as root)%n", s.kept(), TARGET);
        }
        int[] queries = ManPageCorpus.sampleQueries(built.pages().size(), QUERIES, QUERY_SEED);
        String key = contentKey(built.pages(), queries);
        Path file = cacheDir.resolve("corpus-" + key + ".bin");
        if (Files.isRegularFile(file)) {
            RealTextCorpus cached = read(file);
            progress.printf(Locale.ROOT, "realtext: vectors from the cache %s%n", file);
            return new RealTextCorpus(cached.key(), cached.pages(), cached.queries(), cached.documents(),
                    cached.queryVectors(), describe(s) + "; vectors read from the cache");
        }
        // Vectors of texts an earlier corpus already embedded are reused: a change to a few pages (or to the
        // parser) embeds only what changed.
        Map<String, float[]> known = new HashMap<>();
        if (Files.isDirectory(cacheDir)) {
            try (Stream<Path> files = Files.list(cacheDir)) {
                for (Path old : files.filter(f -> f.getFileName().toString().matches("corpus-.*\\.bin")).toList()) {
                    RealTextCorpus c = read(old);
                    for (int i = 0; i < c.size(); i++) {
                        known.put("d:" + c.pages().get(i).document(), c.documents()[i]);
                    }
                    for (int q = 0; q < c.queries().length; q++) {
                        known.put("q:" + c.pages().get(c.queries()[q]).query(), c.queryVectors()[q]);
                    }
                }
            }
        }
        List<String> texts = new ArrayList<>();
        for (ManPageCorpus.Page p : built.pages()) {
            texts.add(p.document());
        }
        List<String> queryTexts = new ArrayList<>();
        for (int q : queries) {
            queryTexts.add(built.pages().get(q).query());
        }
        long t0 = System.nanoTime();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        float[][] docs;
        float[][] qs;
        int[] embedded = new int[1];
        try {
            Embedder model = new LangChain4jEmbedder(new AllMiniLmL6V2EmbeddingModel(pool));
            docs = embed(model, texts, "d:", known, embedded, progress);
            qs = embed(model, queryTexts, "q:", known, embedded, progress);
        } finally {
            pool.shutdownNow();
        }
        long embedNanos = System.nanoTime() - t0;
        String note = String.format(Locale.ROOT, "%s; all-MiniLM-L6-v2 embedded %,d of the %,d texts (the rest came "
                        + "from an earlier cache) in %.0f s on %d threads", describe(s), embedded[0],
                docs.length + qs.length, embedNanos / 1e9, threads);
        progress.printf(Locale.ROOT, "realtext: %s%n", note);
        RealTextCorpus corpus = new RealTextCorpus(key, built.pages(), queries, docs, qs, note);
        Files.createDirectories(cacheDir);
        write(corpus, file);
        return corpus;
    }

    /** A hash of the pages, the queries and the model: the cache file's name. */
    static String contentKey(List<ManPageCorpus.Page> pages, int[] queries) {
        MessageDigest sha = ManPageCorpus.sha256();
        sha.update("all-MiniLM-L6-v2\n".getBytes(StandardCharsets.UTF_8));
        for (ManPageCorpus.Page p : pages) {
            sha.update((p.file() + "\u0000" + p.query() + "\u0000" + p.document() + "\u0000")
                    .getBytes(StandardCharsets.UTF_8));
        }
        sha.update(Arrays.toString(queries).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest(), 0, 8);
    }

    static String describe(ManPageCorpus.Stats s) {
        return String.format(Locale.ROOT, "%,d files (%,d links skipped), %,d without a usable NAME summary and "
                        + "DESCRIPTION or aliases (.so), %,d duplicates dropped, %,d pages kept (%,d of them from uniform families); "
                        + "parsed in %.1f s", s.files(), s.links(), s.withoutSections(), s.duplicates(), s.kept(),
                s.uniformKept(), s.nanos() / 1e9);
    }

    private static float[][] embed(Embedder model, List<String> texts, String kind, Map<String, float[]> known,
                                   int[] embedded, PrintStream progress) {
        float[][] out = new float[texts.size()][];
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            float[] v = known.get(kind + texts.get(i));
            if (v != null) {
                out[i] = v;
            } else {
                missing.add(i);
            }
        }
        int batch = 512;
        long t0 = System.nanoTime();
        for (int from = 0; from < missing.size(); from += batch) {
            List<Integer> part = missing.subList(from, Math.min(missing.size(), from + batch));
            List<float[]> vectors = model.embedAll(part.stream().map(texts::get).toList());
            for (int j = 0; j < part.size(); j++) {
                out[part.get(j)] = Vectors.normalised(vectors.get(j));
            }
            embedded[0] += part.size();
            progress.printf(Locale.ROOT, "realtext: embedded %,d of %,d (%.0f s)%n", from + part.size(),
                    missing.size(), (System.nanoTime() - t0) / 1e9);
        }
        return out;
    }

    private static void write(RealTextCorpus c, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeUTF(c.key());
            out.writeUTF(c.buildNote());
            out.writeInt(c.size());
            out.writeInt(c.dimension());
            for (ManPageCorpus.Page p : c.pages()) {
                out.writeUTF(p.file());
                out.writeUTF(p.query());
                out.writeUTF(p.document());
            }
            for (float[] v : c.documents()) {
                for (float x : v) {
                    out.writeFloat(x);
                }
            }
            out.writeInt(c.queries().length);
            for (int q : c.queries()) {
                out.writeInt(q);
            }
            for (float[] v : c.queryVectors()) {
                for (float x : v) {
                    out.writeFloat(x);
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static RealTextCorpus read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a real-text corpus cache; delete it");
            }
            String key = in.readUTF();
            String note = in.readUTF();
            int n = in.readInt();
            int dim = in.readInt();
            List<ManPageCorpus.Page> pages = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                pages.add(new ManPageCorpus.Page(in.readUTF(), in.readUTF(), in.readUTF()));
            }
            float[][] docs = readVectors(in, n, dim);
            int[] queries = new int[in.readInt()];
            for (int i = 0; i < queries.length; i++) {
                queries[i] = in.readInt();
            }
            float[][] qs = readVectors(in, queries.length, dim);
            return new RealTextCorpus(key, List.copyOf(pages), queries, docs, qs, note);
        }
    }

    private static float[][] readVectors(DataInputStream in, int n, int dim) throws IOException {
        float[][] out = new float[n][dim];
        for (float[] v : out) {
            for (int j = 0; j < dim; j++) {
                v[j] = in.readFloat();
            }
        }
        return out;
    }
}
