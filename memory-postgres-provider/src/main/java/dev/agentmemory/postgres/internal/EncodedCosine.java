package dev.agentmemory.postgres.internal;

import dev.agentmemory.spi.Cosine;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Cosine similarity between one query and vectors in their stored form ({@link VectorCodec}: float32,
 * big-endian), read straight from the bytes: no {@code float[]} per vector. The arithmetic is that of
 * {@link Cosine#similarity}, in the same order and in double precision, so a score is bit for bit the one
 * {@code Cosine.similarity(query, VectorCodec.decode(bytes))} gives. Immutable and thread-safe.
 */
public final class EncodedCosine {

    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.BIG_ENDIAN);

    private final float[] query;
    private final double queryNorm;

    /** @param query the query vector (not copied; the caller must not change it) */
    public EncodedCosine(float[] query) {
        this.query = query;
        double na = 0;
        for (float v : query) {
            na += (double) v * v;
        }
        this.queryNorm = na;
    }

    /**
     * @param encoded a vector from {@link VectorCodec#encode}
     * @return its cosine similarity to the query, as {@link Cosine#similarity} computes it
     * @throws IllegalArgumentException if its dimension is not the query's
     */
    public double similarity(byte[] encoded) {
        int n = query.length;
        if (encoded.length != n * Float.BYTES) {
            throw new IllegalArgumentException("vector lengths differ: " + n + " and " + encoded.length / Float.BYTES);
        }
        double dot = 0;
        double nb = 0;
        for (int i = 0, at = 0; i < n; i++, at += Float.BYTES) {
            float b = (float) FLOAT.get(encoded, at);
            dot += (double) query[i] * b;
            nb += (double) b * b;
        }
        if (queryNorm == 0 || nb == 0) {
            return 0;
        }
        return Math.max(-1.0, Math.min(1.0, dot / Math.sqrt(queryNorm * nb)));
    }

    /**
     * The similarity to a vector already decoded, whose {@link #squaredNorm} is known: the same arithmetic, so the same
     * score as {@link #similarity(byte[])} of its encoded form, without the decoding or the norm.
     *
     * @param vector a decoded vector
     * @param squaredNorm its {@link #squaredNorm}
     * @return its cosine similarity to the query, as {@link Cosine#similarity} computes it
     * @throws IllegalArgumentException if its dimension is not the query's
     */
    public double similarity(float[] vector, double squaredNorm) {
        int n = query.length;
        if (vector.length != n) {
            throw new IllegalArgumentException("vector lengths differ: " + n + " and " + vector.length);
        }
        double dot = 0;
        for (int i = 0; i < n; i++) {
            dot += (double) query[i] * vector[i];
        }
        if (queryNorm == 0 || squaredNorm == 0) {
            return 0;
        }
        return Math.max(-1.0, Math.min(1.0, dot / Math.sqrt(queryNorm * squaredNorm)));
    }

    /**
     * @param vector a vector
     * @return the sum of its squared components in double precision, in order, as {@link Cosine#similarity} sums them
     */
    public static double squaredNorm(float[] vector) {
        double nb = 0;
        for (float b : vector) {
            nb += (double) b * b;
        }
        return nb;
    }
}
