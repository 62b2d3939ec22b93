package dev.agentmemory.postgres.internal;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * Vectors as stored in the {@code embedding bytea} column: IEEE 754 float32, big-endian, nothing else. Exact
 * (no text round trip) and the cheapest form to fetch and score in Java. Stateless and thread-safe.
 */
public final class VectorCodec {

    private VectorCodec() {
    }

    /** @param vector the vector @return its bytes */
    public static byte[] encode(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    /** @param bytes bytes from {@link #encode} @return the vector */
    public static float[] decode(byte[] bytes) {
        FloatBuffer floats = ByteBuffer.wrap(bytes).asFloatBuffer();
        float[] vector = new float[floats.remaining()];
        floats.get(vector);
        return vector;
    }

    /** @param vector a vector, not all zeros @return the vector scaled to length 1, in double precision */
    public static double[] unit(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += (double) v * v;
        }
        double inv = norm == 0 ? 0 : 1.0 / Math.sqrt(norm);
        double[] out = new double[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = vector[i] * inv;
        }
        return out;
    }

    /**
     * @param vector a vector
     * @return its sign bits as PostgreSQL's {@code bit varying} text: character i is {@code 1} when component i is
     *     positive; the Hamming distance between two signatures estimates the angle between the vectors
     */
    public static String signBits(float[] vector) {
        char[] bits = new char[vector.length];
        for (int i = 0; i < vector.length; i++) {
            bits[i] = vector[i] > 0 ? '1' : '0';
        }
        return new String(bits);
    }

    /** @param vector a vector @return pgvector's text form, {@code [1.0,2.0]} */
    public static String pgvectorText(float[] vector) {
        StringBuilder b = new StringBuilder(vector.length * 10).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(vector[i]);
        }
        return b.append(']').toString();
    }
}
