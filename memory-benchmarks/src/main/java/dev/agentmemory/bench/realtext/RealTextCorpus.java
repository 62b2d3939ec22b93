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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The real-text corpus with its MiniLM vectors: built from the manual pages ({@link ManPageCorpus}) and embedded
 * once, then read back from {@code target/realtext/corpus-<key>.bin}, whose key changes with the pages on disk and
 * the corpus rules, so a changed corpus is embedded again. Vectors are normalised to length 1.
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
        String key = ManPageCorpus.sourceKey(ManPageCorpus.files(manRoot), TARGET);
        Path file = cacheDir.resolve("corpus-" + key + ".bin");
        if (Files.isRegularFile(file)) {
            RealTextCorpus cached = read(file);
            progress.printf(Locale.ROOT, "realtext: corpus %s from the cache (%,d pages, %d queries)%n", file,
                    cached.size(), cached.queries().length);
            return cached;
        }
        progress.printf(Locale.ROOT, "realtext: building the corpus from %s%n", manRoot);
        ManPageCorpus.Built built = ManPageCorpus.build(manRoot, TARGET);
        ManPageCorpus.Stats s = built.stats();
        progress.printf(Locale.ROOT, "realtext: %s%n", describe(s));
        int[] queries = ManPageCorpus.sampleQueries(built.pages().size(), QUERIES, QUERY_SEED);
        long t0 = System.nanoTime();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        float[][] docs;
        float[][] qs;
        try {
            Embedder model = new LangChain4jEmbedder(new AllMiniLmL6V2EmbeddingModel(pool));
            List<String> texts = built.pages().stream().map(ManPageCorpus.Page::document).toList();
            docs = embed(model, texts, progress);
            List<String> queryTexts = new ArrayList<>();
            for (int q : queries) {
                queryTexts.add(built.pages().get(q).query());
            }
            qs = embed(model, queryTexts, progress);
        } finally {
            pool.shutdownNow();
        }
        long embedNanos = System.nanoTime() - t0;
        String note = String.format(Locale.ROOT, "%s; embedded %,d documents and %d queries with all-MiniLM-L6-v2 "
                        + "in %.0f s on %d threads", describe(s), docs.length, qs.length, embedNanos / 1e9, threads);
        progress.printf(Locale.ROOT, "realtext: %s%n", note);
        RealTextCorpus corpus = new RealTextCorpus(key, built.pages(), queries, docs, qs, note);
        Files.createDirectories(cacheDir);
        write(corpus, file);
        return corpus;
    }

    static String describe(ManPageCorpus.Stats s) {
        return String.format(Locale.ROOT, "%,d files (%,d links skipped), %,d without a usable NAME summary and "
                        + "DESCRIPTION or aliases (.so), %,d duplicates dropped, %,d pages kept (%,d of them gcloud); "
                        + "parsed in %.1f s", s.files(), s.links(), s.withoutSections(), s.duplicates(), s.kept(),
                s.gcloudKept(), s.nanos() / 1e9);
    }

    private static float[][] embed(Embedder model, List<String> texts, PrintStream progress) {
        float[][] out = new float[texts.size()][];
        int batch = 512;
        long t0 = System.nanoTime();
        for (int from = 0; from < texts.size(); from += batch) {
            int to = Math.min(texts.size(), from + batch);
            List<float[]> vectors = model.embedAll(texts.subList(from, to));
            for (int i = from; i < to; i++) {
                out[i] = Vectors.normalised(vectors.get(i - from));
            }
            if (texts.size() > batch) {
                progress.printf(Locale.ROOT, "realtext: embedded %,d of %,d (%.0f s)%n", to, texts.size(),
                        (System.nanoTime() - t0) / 1e9);
            }
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
