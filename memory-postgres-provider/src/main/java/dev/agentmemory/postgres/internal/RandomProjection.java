package dev.agentmemory.postgres.internal;

import java.util.SplittableRandom;

/**
 * A fixed Gaussian random projection from the embedding dimension down to a few dozen dimensions, for the
 * {@code cube} search mode. Unit vectors are projected, so Euclidean distance between projections tracks
 * cosine distance between the originals (Johnson-Lindenstrauss); the projection only picks candidates, which
 * are then re-ranked by exact cosine similarity.
 *
 * <p>The matrix is a pure function of (seed, input dimension, output dimension); the seed is stored in the
 * schema, so every store on a schema projects alike. Immutable and thread-safe.
 */
public final class RandomProjection {

    private final long seed;
    private final int inputDimension;
    private final int outputDimension;
    private final double[][] rows;

    /**
     * Draws the matrix.
     *
     * @param seed the schema's projection seed ({@code schema_settings.cube_projection_seed})
     * @param inputDimension the embedding dimension
     * @param outputDimension the projection's dimension
     */
    public RandomProjection(long seed, int inputDimension, int outputDimension) {
        this.seed = seed;
        this.inputDimension = inputDimension;
        this.outputDimension = outputDimension;
        SplittableRandom random = new SplittableRandom(seed);
        double scale = 1.0 / Math.sqrt(outputDimension);
        rows = new double[outputDimension][inputDimension];
        for (int r = 0; r < outputDimension; r++) {
            for (int c = 0; c < inputDimension; c++) {
                rows[r][c] = gaussian(random) * scale;
            }
        }
    }

    /**
     * @param vector a vector of the input dimension
     * @return the projection of its unit vector
     */
    public Double[] project(float[] vector) {
        double[] unit = VectorCodec.unit(vector);
        Double[] out = new Double[outputDimension];
        for (int r = 0; r < outputDimension; r++) {
            double[] row = rows[r];
            double sum = 0;
            for (int c = 0; c < inputDimension; c++) {
                sum += row[c] * unit[c];
            }
            out[r] = sum;
        }
        return out;
    }

    /** @return the seed the matrix was drawn from */
    public long seed() {
        return seed;
    }

    /** @return the projection's dimension */
    public int outputDimension() {
        return outputDimension;
    }

    /** Box-Muller; SplittableRandom has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
