package dev.agentmemory;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A similarity search over one scope's long-term memories: by text (embedded by the store's {@link Embedder})
 * or by vector, with filters applied before ranking. Built with {@link #text(String)} or
 * {@link #vector(float[])}. Immutable and thread-safe.
 *
 * @param text the query text (1 to {@value MemoryDefaults#MAX_CONTENT_LENGTH} chars of well-formed UTF-16), or
 *     {@code null} when searching by vector
 * @param vector the query vector, or {@code null} when searching by text
 * @param limit most results, 1 to {@value MemoryDefaults#SEARCH_MAX_LIMIT} (default {@value MemoryDefaults#SEARCH_LIMIT})
 * @param minSimilarity smallest cosine similarity returned, in [-1, 1] (default {@value MemoryDefaults#SEARCH_MIN_SIMILARITY})
 * @param types the memory types to consider; empty means all; never {@code null}
 * @param minImportance smallest importance returned, in [0, 1]
 * @param metadata every pair must be present with an equal value; well-formed UTF-16, never {@code null}
 * @param userId only memories about this user, or {@code null} for any
 */
public record MemoryQuery(@Nullable String text, float @Nullable [] vector, int limit, double minSimilarity,
                          Set<MemoryType> types, double minImportance, Map<String, String> metadata,
                          @Nullable String userId) {

    /**
     * Validates every field. A string holding an unpaired surrogate (text that is not well-formed UTF-16) is
     * rejected with the field and the index of the surrogate.
     *
     * @throws InvalidMemoryRequestException if a field is null where it may not be or breaks its rule; the message
     *     names it
     */
    public MemoryQuery {
        if ((text == null) == (vector == null)) {
            throw Requests.invalid("search", "give exactly one of text and vector");
        }
        if (text != null) {
            Requests.content("search", "query text", text);
        }
        vector = Requests.vector("search", vector);
        if (limit < 1 || limit > MemoryDefaults.SEARCH_MAX_LIMIT) {
            throw Requests.invalid("search", "limit must be 1 to " + MemoryDefaults.SEARCH_MAX_LIMIT + ", got " + limit);
        }
        if (!(minSimilarity >= -1.0 && minSimilarity <= 1.0)) {
            throw Requests.invalid("search", "minSimilarity must be in [-1, 1], got " + minSimilarity);
        }
        for (MemoryType type : Requests.notNull("search", "types", types)) {
            Requests.notNull("search", "an element of types", type);
        }
        types = types.isEmpty() ? Set.of() : Set.copyOf(types);
        Requests.unitInterval("search", "minImportance", minImportance);
        metadata = Requests.metadata("search", metadata);
        if (userId != null) {
            Requests.id("search", "user id", userId);
        }
    }

    /** A copy of the query vector, or {@code null}. */
    @Override
    public float @Nullable [] vector() {
        return vector == null ? null : vector.clone();
    }

    /** Whether a memory of this type passes the type filter. @param type the type @return true if it passes */
    public boolean acceptsType(MemoryType type) {
        Requests.notNull("search", "type", type);
        return types.isEmpty() || types.contains(type);
    }

    /**
     * A builder for a search by text.
     *
     * @param text the query text
     * @return the builder
     * @throws InvalidMemoryRequestException if {@code text} is null (the rest is checked by {@link Builder#build()})
     */
    public static Builder text(String text) {
        return new Builder(Requests.notNull("search", "text", text), null);
    }

    /**
     * A builder for a search by vector.
     *
     * @param vector the query vector (copied on build)
     * @return the builder
     * @throws InvalidMemoryRequestException if {@code vector} is null (the rest is checked by {@link Builder#build()})
     */
    public static Builder vector(float[] vector) {
        return new Builder(null, Requests.notNull("search", "vector", vector));
    }

    /**
     * Builds a {@link MemoryQuery}. Not thread-safe; {@link #build()} validates and copies. A setter given
     * {@code null} where the field allows none throws {@link InvalidMemoryRequestException} at once.
     */
    public static final class Builder {
        private final @Nullable String text;
        private final float @Nullable [] vector;
        private int limit = MemoryDefaults.SEARCH_LIMIT;
        private double minSimilarity = MemoryDefaults.SEARCH_MIN_SIMILARITY;
        private Set<MemoryType> types = Set.of();
        private double minImportance;
        private Map<String, String> metadata = Map.of();
        private @Nullable String userId;

        private Builder(@Nullable String text, float @Nullable [] vector) {
            this.text = text;
            this.vector = vector;
        }

        /** @param limit 1 to 100 @return this builder */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        /** @param minSimilarity in [-1, 1] @return this builder */
        public Builder minSimilarity(double minSimilarity) {
            this.minSimilarity = minSimilarity;
            return this;
        }

        /** @param type a type to accept @param moreTypes more types to accept @return this builder */
        public Builder types(MemoryType type, MemoryType... moreTypes) {
            Requests.notNull("search", "type", type);
            Requests.notNull("search", "moreTypes", moreTypes);
            for (int i = 0; i < moreTypes.length; i++) {
                Requests.notNull("search", "moreTypes[" + i + "]", moreTypes[i]);
            }
            this.types = EnumSet.of(type, moreTypes);
            return this;
        }

        /** @param minImportance in [0, 1] @return this builder */
        public Builder minImportance(double minImportance) {
            this.minImportance = minImportance;
            return this;
        }

        /** @param metadata pairs that must all match @return this builder */
        public Builder metadata(Map<String, String> metadata) {
            this.metadata = Requests.notNull("search", "metadata", metadata);
            return this;
        }

        /** @param userId only this user's memories, or null @return this builder */
        public Builder userId(@Nullable String userId) {
            this.userId = userId;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the query
         * @throws InvalidMemoryRequestException if a field is invalid
         */
        public MemoryQuery build() {
            return new MemoryQuery(text, vector, limit, minSimilarity, types, minImportance, metadata, userId);
        }
    }
}
