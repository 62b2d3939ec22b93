package dev.agentmemory.bench.realtext;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Which approximate search holds on real embeddings: for every query of the real-text corpus, the exact top 10 by
 * cosine, then the recall@10 of candidate designs that pick K candidates by a cheap score and re-rank them exactly
 * (what an ANN mode in PostgreSQL without pgvector can do). Plain Java over the cached vectors, no database.
 *
 * <p>Designs: sign-bit signatures (one bit a dimension) by Hamming distance, raw, after subtracting the corpus mean,
 * and after a PCA rotation; a PCA projection (learned from the stored vectors) to a few dimensions, by Euclidean
 * distance (what a {@code cube} GiST KNN gives) and by cosine; today's Gaussian random projection (the
 * {@code cube} mode); int8 scalar quantisation by dot product.
 *
 * <p>Run: {@code java -cp ... dev.agentmemory.bench.realtext.AnnStudy [--man DIR] [--cache DIR] [--out FILE]}.
 */
public final class AnnStudy {

    /** Candidate counts studied. */
    static final int[] CANDIDATES = {50, 100, 200, 400, 800};
    static final int TOP = 10;

    private AnnStudy() {
    }

    /** A design: for a query, a cheap score of every document (higher is nearer). */
    interface Design {
        float[] scores(int query);
    }

    /**
     * @param args {@code --man DIR} (default /usr/share/man), {@code --cache DIR} (default target/realtext),
     *     {@code --out FILE} (the Markdown table, default target/realtext/ann-study.md), {@code --sample N} (only parse the
     *     pages and print N of them)
     * @throws Exception if the corpus cannot be built or read
     */
    public static void main(String[] args) throws Exception {
        Path man = Path.of("/usr/share/man");
        Path cache = Path.of("target", "realtext");
        Path out = null;
        int sample = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--man" -> man = Path.of(args[++i]);
                case "--cache" -> cache = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--sample" -> sample = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --man DIR --cache DIR --out FILE");
            }
        }
        if (sample > 0) {
            // A look at the parsed pages without embedding them: the stats and a few pages drawn at random.
            ManPageCorpus.Built built = ManPageCorpus.build(man, RealTextCorpus.TARGET);
            System.out.println(RealTextCorpus.describe(built.stats()));
            for (int i : ManPageCorpus.sampleQueries(built.pages().size(), sample, 1L)) {
                ManPageCorpus.Page p = built.pages().get(i);
                System.out.printf("%n%s%n  Q: %s%n  D: %s%n", p.file(), p.query(), p.document());
            }
            return;
        }
        RealTextCorpus corpus = RealTextCorpus.load(man, cache, System.err);
        String table = run(corpus, System.err);
        System.out.print(table);
        Path file = out == null ? cache.resolve("ann-study.md") : out;
        Files.writeString(file, table);
    }

    /**
     * Runs the study.
     *
     * @return the Markdown table: one row a design, one column a candidate count
     */
    static String run(RealTextCorpus corpus, PrintStream progress) {
        float[][] docs = corpus.documents();
        float[][] queries = corpus.queryVectors();
        int n = docs.length;
        int dim = corpus.dimension();
        long t0 = System.nanoTime();
        int[][] exact = new int[queries.length][];
        float[][] exactScores = new float[queries.length][];
        IntStream.range(0, queries.length).parallel().forEach(q -> {
            float[] s = new float[n];
            for (int i = 0; i < n; i++) {
                s[i] = Vectors.dot(queries[q], docs[i]);
            }
            exactScores[q] = s;
            exact[q] = Vectors.topK(s, TOP);
        });
        progress.printf(Locale.ROOT, "ann study: exact top %d of %,d queries over %,d documents in %.1f s%n", TOP,
                queries.length, n, (System.nanoTime() - t0) / 1e9);

        float[] mean = mean(docs);
        t0 = System.nanoTime();
        double[][] components = principalComponents(docs, mean);
        progress.printf(Locale.ROOT, "ann study: PCA of %,d x %d in %.1f s%n", n, dim, (System.nanoTime() - t0) / 1e9);

        Map<String, Design> designs = new LinkedHashMap<>();
        designs.put("sign bits (384), Hamming, raw", bits(docs, queries, null, null));
        designs.put("sign bits (384), Hamming, mean subtracted", bits(docs, queries, mean, null));
        designs.put("sign bits (384), Hamming, mean subtracted + PCA rotation", bits(docs, queries, mean, components));
        for (int d : new int[] {32, 64, 100}) {
            designs.put("PCA " + d + " dims, Euclidean (cube KNN)", projected(docs, queries, mean, components, d, false));
            designs.put("PCA " + d + " dims, cosine", projected(docs, queries, mean, components, d, true));
        }
        for (int d : new int[] {32, 48, 64, 100}) {
            designs.put("random projection " + d + " dims, Euclidean (cube mode today" + (d == 48 ? ", default" : "")
                    + ")", projected(docs, queries, null, gaussian(d, dim, 7L + d), d, false));
        }
        designs.put("int8 scalar quantisation, dot product", int8(docs, queries));

        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "Recall@10 against exact cosine, exact re-rank of the K best "
                + "candidates; %,d documents, %d queries (all-MiniLM-L6-v2, 384 dims).%n%n", n, queries.length));
        table.append("| design |");
        for (int k : CANDIDATES) {
            table.append(" K=").append(k).append(" |");
        }
        table.append(" smallest K for 0.95 |\n|---|");
        for (int k : CANDIDATES) {
            table.append("---:|");
        }
        table.append("---:|\n");
        for (Map.Entry<String, Design> e : designs.entrySet()) {
            long t = System.nanoTime();
            double[] recall = recall(e.getValue(), exact, exactScores, queries.length);
            table.append("| ").append(e.getKey()).append(" |");
            for (double r : recall) {
                table.append(String.format(Locale.ROOT, " %.3f |", r));
            }
            table.append(' ').append(smallestK(e.getValue(), exact, exactScores, queries.length, 0.95)).append(" |\n");
            progress.printf(Locale.ROOT, "ann study: %s in %.1f s%n", e.getKey(), (System.nanoTime() - t) / 1e9);
        }
        return table.toString();
    }

    /** @return mean recall@10 at each of {@link #CANDIDATES} */
    static double[] recall(Design design, int[][] exact, float[][] exactScores, int queries) {
        int maxK = CANDIDATES[CANDIDATES.length - 1];
        double[][] per = new double[queries][];
        IntStream.range(0, queries).parallel().forEach(q -> {
            int[] candidates = Vectors.topK(design.scores(q), maxK);
            per[q] = new double[CANDIDATES.length];
            for (int c = 0; c < CANDIDATES.length; c++) {
                per[q][c] = overlap(candidates, Math.min(CANDIDATES[c], candidates.length), exact[q], exactScores[q]);
            }
        });
        double[] mean = new double[CANDIDATES.length];
        for (double[] r : per) {
            for (int c = 0; c < mean.length; c++) {
                mean[c] += r[c] / queries;
            }
        }
        return mean;
    }

    /** @return the smallest K (a power-of-two step from 10) whose recall reaches the target, or "> 3200" */
    static String smallestK(Design design, int[][] exact, float[][] exactScores, int queries, double target) {
        int maxK = 3200;
        int[][] candidates = new int[queries][];
        IntStream.range(0, queries).parallel().forEach(q -> candidates[q] = Vectors.topK(design.scores(q), maxK));
        for (int k = 10; k <= maxK; k = k < 100 ? k + 10 : k + 50) {
            double sum = 0;
            for (int q = 0; q < queries; q++) {
                sum += overlap(candidates[q], Math.min(k, candidates[q].length), exact[q], exactScores[q]);
            }
            if (sum / queries >= target) {
                return Integer.toString(k);
            }
        }
        return "> " + maxK;
    }

    /** Recall@10 of the exact re-rank of the first k candidates. */
    private static double overlap(int[] candidates, int k, int[] exact, float[] exactScores) {
        float[] s = new float[k];
        for (int i = 0; i < k; i++) {
            s[i] = exactScores[candidates[i]];
        }
        int[] top = Vectors.topK(s, TOP);
        int hits = 0;
        for (int t : top) {
            int doc = candidates[t];
            for (int e : exact) {
                if (e == doc) {
                    hits++;
                    break;
                }
            }
        }
        return hits / (double) exact.length;
    }

    static float[] mean(float[][] docs) {
        float[] m = new float[docs[0].length];
        for (float[] v : docs) {
            for (int j = 0; j < m.length; j++) {
                m[j] += v[j] / docs.length;
            }
        }
        return m;
    }

    /** @return the principal axes of the centred documents, largest variance first, one row an axis */
    static double[][] principalComponents(float[][] docs, float[] mean) {
        int dim = mean.length;
        double[][] cov = new double[dim][dim];
        double[] c = new double[dim];
        for (float[] v : docs) {
            for (int j = 0; j < dim; j++) {
                c[j] = v[j] - mean[j];
            }
            for (int a = 0; a < dim; a++) {
                double ca = c[a];
                double[] row = cov[a];
                for (int b = a; b < dim; b++) {
                    row[b] += ca * c[b];
                }
            }
        }
        for (int a = 0; a < dim; a++) {
            for (int b = a; b < dim; b++) {
                cov[a][b] /= docs.length;
                cov[b][a] = cov[a][b];
            }
        }
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
        double[] values = eigen.getRealEigenvalues();
        Integer[] order = IntStream.range(0, dim).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
        RealMatrix vectors = eigen.getV();
        double[][] axes = new double[dim][];
        for (int i = 0; i < dim; i++) {
            axes[i] = vectors.getColumn(order[i]);
        }
        return axes;
    }

    /** The provider's random projection: Gaussian rows scaled by 1 / sqrt(d). */
    static double[][] gaussian(int d, int dim, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] rows = new double[d][dim];
        for (double[] row : rows) {
            for (int j = 0; j < dim; j++) {
                double u1 = random.nextDouble();
                double u2 = random.nextDouble();
                row[j] = Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2) / Math.sqrt(d);
            }
        }
        return rows;
    }

    static float[] project(float[] v, float[] mean, double[][] axes, int d) {
        float[] out = new float[d];
        for (int r = 0; r < d; r++) {
            double s = 0;
            double[] axis = axes[r];
            for (int j = 0; j < v.length; j++) {
                s += axis[j] * (mean == null ? v[j] : v[j] - mean[j]);
            }
            out[r] = (float) s;
        }
        return out;
    }

    private static Design projected(float[][] docs, float[][] queries, float[] mean, double[][] axes, int d,
                                    boolean cosine) {
        float[][] p = new float[docs.length][];
        IntStream.range(0, docs.length).parallel().forEach(i -> {
            float[] x = project(docs[i], mean, axes, d);
            p[i] = cosine ? Vectors.normalised(x) : x;
        });
        float[][] pq = new float[queries.length][];
        for (int q = 0; q < queries.length; q++) {
            float[] x = project(queries[q], mean, axes, d);
            pq[q] = cosine ? Vectors.normalised(x) : x;
        }
        return q -> {
            float[] s = new float[p.length];
            for (int i = 0; i < p.length; i++) {
                if (cosine) {
                    s[i] = Vectors.dot(pq[q], p[i]);
                } else {
                    float dist = 0;
                    for (int j = 0; j < d; j++) {
                        float diff = pq[q][j] - p[i][j];
                        dist += diff * diff;
                    }
                    s[i] = -dist;
                }
            }
            return s;
        };
    }

    /** Sign bits of (v - mean), optionally rotated onto the principal axes first; Hamming distance. */
    private static Design bits(float[][] docs, float[][] queries, float[] mean, double[][] axes) {
        long[][] sig = new long[docs.length][];
        IntStream.range(0, docs.length).parallel().forEach(i -> sig[i] = signature(docs[i], mean, axes));
        long[][] qsig = new long[queries.length][];
        for (int q = 0; q < queries.length; q++) {
            qsig[q] = signature(queries[q], mean, axes);
        }
        return q -> {
            float[] s = new float[sig.length];
            long[] a = qsig[q];
            for (int i = 0; i < sig.length; i++) {
                long[] b = sig[i];
                int h = 0;
                for (int w = 0; w < a.length; w++) {
                    h += Long.bitCount(a[w] ^ b[w]);
                }
                s[i] = -h;
            }
            return s;
        };
    }

    static long[] signature(float[] v, float[] mean, double[][] axes) {
        float[] x = axes != null ? project(v, mean, axes, v.length) : v;
        long[] sig = new long[(x.length + 63) / 64];
        for (int j = 0; j < x.length; j++) {
            float value = axes == null && mean != null ? x[j] - mean[j] : x[j];
            if (value > 0) {
                sig[j >>> 6] |= 1L << (j & 63);
            }
        }
        return sig;
    }

    private static Design int8(float[][] docs, float[][] queries) {
        float max = 0;
        for (float[] v : docs) {
            for (float x : v) {
                max = Math.max(max, Math.abs(x));
            }
        }
        float scale = 127 / max;
        byte[][] codes = new byte[docs.length][];
        for (int i = 0; i < docs.length; i++) {
            codes[i] = new byte[docs[i].length];
            for (int j = 0; j < docs[i].length; j++) {
                codes[i][j] = (byte) Math.round(docs[i][j] * scale);
            }
        }
        List<byte[]> qcodes = new ArrayList<>();
        for (float[] v : queries) {
            byte[] c = new byte[v.length];
            for (int j = 0; j < v.length; j++) {
                c[j] = (byte) Math.max(-127, Math.min(127, Math.round(v[j] * scale)));
            }
            qcodes.add(c);
        }
        return q -> {
            byte[] a = qcodes.get(q);
            float[] s = new float[codes.length];
            for (int i = 0; i < codes.length; i++) {
                byte[] b = codes[i];
                int dot = 0;
                for (int j = 0; j < a.length; j++) {
                    dot += a[j] * b[j];
                }
                s[i] = dot;
            }
            return s;
        };
    }
}
