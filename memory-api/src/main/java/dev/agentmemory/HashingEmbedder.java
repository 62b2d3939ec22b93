package dev.agentmemory;

import java.util.Locale;

/**
 * A deterministic, dependency-free embedder by feature hashing: every lower-cased word, every pair of adjacent
 * words and every character trigram of each word is hashed to a signed bucket, and the vector is
 * L2-normalised.
 *
 * <p>It is a <em>baseline, not a semantic model</em>: texts that share words and word pieces come out close,
 * synonyms do not. Use it for tests, offline demos and as the fallback when no model is configured; plug a
 * real model in through {@link Embedder} for production recall.
 *
 * <p>Immutable and thread-safe. The same text always gives the same vector, on every JVM.
 */
public final class HashingEmbedder implements Embedder {

    private static final float WORD_WEIGHT = 1.0f;
    private static final float BIGRAM_WEIGHT = 0.7f;
    private static final float TRIGRAM_WEIGHT = 0.35f;

    private final int dimension;

    /**
     * @param dimension the vector length, {@value MemoryDefaults#MIN_EMBEDDING_DIMENSION} to
     *     {@value MemoryDefaults#MAX_EMBEDDING_DIMENSION}
     * @throws MemoryConfigurationException if the dimension is out of range
     */
    public HashingEmbedder(int dimension) {
        MemoryOptions.EMBEDDING_DIMENSION.check(dimension);
        this.dimension = dimension;
    }

    /** An embedder of {@value MemoryDefaults#EMBEDDING_DIMENSION} dimensions. */
    public HashingEmbedder() {
        this(MemoryDefaults.EMBEDDING_DIMENSION);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /**
     * @param text any text, empty included
     * @return a unit vector of {@link #dimension()} components
     * @throws InvalidMemoryRequestException if {@code text} is null
     */
    @Override
    public float[] embed(String text) {
        Requests.notNull("embed", "text", text);
        float[] v = new float[dimension];
        String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
        String previous = null;
        for (String word : words) {
            if (word.isEmpty()) {
                continue;
            }
            add(v, "w:" + word, WORD_WEIGHT);
            if (previous != null) {
                add(v, "b:" + previous + ' ' + word, BIGRAM_WEIGHT);
            }
            String padded = '^' + word + '$';
            for (int i = 0; i + 3 <= padded.length(); i++) {
                add(v, "c:" + padded.substring(i, i + 3), TRIGRAM_WEIGHT);
            }
            previous = word;
        }
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        if (norm == 0) {
            // No word at all (empty text or only punctuation): hash the raw text so the vector is still a unit vector.
            add(v, "raw:" + text, 1.0f);
            norm = 1.0;
        }
        float inv = (float) (1.0 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }

    private void add(float[] v, String feature, float weight) {
        long h = fnv1a64(feature);
        int bucket = (int) Long.remainderUnsigned(h, dimension);
        // The sign from an independent bit keeps collisions from adding up in one direction.
        v[bucket] += ((h >>> 63) == 0 ? weight : -weight);
    }

    private static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            h ^= (c & 0xff);
            h *= 0x100000001b3L;
            h ^= (c >>> 8);
            h *= 0x100000001b3L;
        }
        // Final avalanche so that the low bits (the bucket) and the top bit (the sign) are independent.
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    @Override
    public String toString() {
        return "HashingEmbedder{dimension=" + dimension + "}";
    }
}
