package dev.agentmemory.bench.postgres;

import java.util.SplittableRandom;

/**
 * The PostgreSQL provider's random projection for the {@code cube} search mode, rewritten here so that the
 * hand-written JDBC baseline can send the same {@code cube} query: a Gaussian matrix drawn from the seed that the
 * provider stores in the schema ({@code schema_settings.cube_projection_seed}), applied to the unit vector. The
 * recall check compares the baseline's hits with the provider's, so a drift from the provider shows. Immutable and
 * thread-safe.
 */
final class CubeProjection {

    private final int outputDimension;
    private final double[][] rows;

    /**
     * @param seed the schema's projection seed
     * @param inputDimension the embedding dimension
     * @param outputDimension the cube's dimensions
     */
    CubeProjection(long seed, int inputDimension, int outputDimension) {
        this.outputDimension = outputDimension;
        SplittableRandom random = new SplittableRandom(seed);
        double scale = 1.0 / Math.sqrt(outputDimension);
        rows = new double[outputDimension][inputDimension];
        for (int r = 0; r < outputDimension; r++) {
            for (int c = 0; c < inputDimension; c++) {
                double u1 = random.nextDouble();
                double u2 = random.nextDouble();
                rows[r][c] = Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2) * scale;
            }
        }
    }

    /** @param vector a vector @return the projection of its unit vector */
    Double[] project(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += (double) v * v;
        }
        double inv = norm == 0 ? 0 : 1.0 / Math.sqrt(norm);
        Double[] out = new Double[outputDimension];
        for (int r = 0; r < outputDimension; r++) {
            double[] row = rows[r];
            double sum = 0;
            for (int c = 0; c < row.length; c++) {
                sum += row[c] * (vector[c] * inv);
            }
            out[r] = sum;
        }
        return out;
    }
}
