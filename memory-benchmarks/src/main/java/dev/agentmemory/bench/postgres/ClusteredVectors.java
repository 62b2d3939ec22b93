package dev.agentmemory.bench.postgres;

import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Deterministic, clustered unit vectors, shaped like sentence embeddings of memories about a few topics: each
 * vector is a topic's centre plus Gaussian noise, then normalized. With {@link #NOISE} 0.75 a memory has a cosine
 * similarity of about 0.8 with its topic's centre and about 0.64 with another memory of the same topic, and about 0
 * with other topics. Random vectors with no structure would be a poor stand-in: every index looks bad on them (see
 * design.md), and no real embedding looks like them.
 *
 * <p>Vector {@code i} depends only on (seed, i), so the loader and every benchmark JVM see the same data. Queries
 * come from a separate stream, so they are never stored memories. Immutable and thread-safe.
 */
public final class ClusteredVectors {

    /** The embedding dimension of every benchmark vector. */
    public static final int DIMENSION = 384;
    /** Topics. */
    public static final int CLUSTERS = 100;
    /** Norm of the noise added to a unit-length centre. */
    public static final double NOISE = 0.75;
    /** The seed of the benchmark data. */
    public static final long SEED = 20_261_126L;

    private static final long QUERY_STREAM = 0x5DEECE66DL;

    private final float[][] centres;
    private final long seed;

    /** @param seed the seed; the same seed gives the same vectors */
    public ClusteredVectors(long seed) {
        this.seed = seed;
        SplittableRandom random = new SplittableRandom(seed);
        centres = new float[CLUSTERS][];
        for (int c = 0; c < CLUSTERS; c++) {
            centres[c] = unit(gaussian(random, null, 1.0));
        }
    }

    /** @param i which memory @return its vector, unit length */
    public float[] memory(long i) {
        return around(new SplittableRandom(mix(seed, i)));
    }

    /** @param q which query @return its vector, unit length */
    public float[] query(long q) {
        return around(new SplittableRandom(mix(seed ^ QUERY_STREAM, q)));
    }

    private float[] around(SplittableRandom random) {
        float[] centre = centres[random.nextInt(CLUSTERS)];
        return unit(gaussian(random, centre, NOISE / Math.sqrt(DIMENSION)));
    }

    private static float[] gaussian(SplittableRandom random, float @Nullable [] base,
                                    double sigma) {
        float[] v = new float[DIMENSION];
        for (int d = 0; d < DIMENSION; d++) {
            // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
            double g = Math.sqrt(-2.0 * Math.log(1.0 - random.nextDouble())) * Math.cos(2.0 * Math.PI * random.nextDouble());
            v[d] = (float) ((base == null ? 0 : base[d]) + sigma * g);
        }
        return v;
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        double inv = 1.0 / Math.sqrt(norm);
        for (int d = 0; d < v.length; d++) {
            v[d] = (float) (v[d] * inv);
        }
        return v;
    }

    private static long mix(long seed, long i) {
        long z = seed + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
