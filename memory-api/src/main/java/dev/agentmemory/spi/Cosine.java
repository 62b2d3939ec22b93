package dev.agentmemory.spi;

import dev.agentmemory.InvalidMemoryRequestException;

/** Cosine similarity, the one ranking every provider uses, so that all of them score alike. */
public final class Cosine {

    private Cosine() {
    }

    /**
     * The cosine similarity of two vectors of the same length, computed in double precision.
     *
     * @param a a vector
     * @param b a vector of the same length
     * @return the similarity in [-1, 1], or 0 if either vector is all zeros
     * @throws IllegalArgumentException if the lengths differ
     * @throws InvalidMemoryRequestException if a vector is null
     */
    public static double similarity(float[] a, float[] b) {
        if (a == null || b == null) {
            throw new InvalidMemoryRequestException("client-side validation", "similarity",
                    (a == null ? "a" : "b") + " must not be null");
        }
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector lengths differ: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        if (na == 0 || nb == 0) {
            return 0;
        }
        return Math.max(-1.0, Math.min(1.0, dot / Math.sqrt(na * nb)));
    }
}
