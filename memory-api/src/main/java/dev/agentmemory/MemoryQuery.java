package dev.agentmemory;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A search over one scope's long-term memories: by text (embedded by the store's {@link Embedder}) or by vector, with
 * filters applied before ranking. Its {@link SearchKind} says how it ranks: by vector similarity (the default), by
 * keyword match of its text, or by both fused ({@link Builder#kind(SearchKind)}; see {@link SearchKind} for what each
 * kind matches and scores). A keyword or hybrid query needs text: {@link Builder#build()} rejects one by vector.
 *
 * <p>The one way to make one is {@link #text(String)} or {@link #vector(Vector)} (or {@link #toBuilder()} from
 * another): the builder gives every filter a default, and {@link Builder#build()} checks every field. A string
 * holding an unpaired surrogate (text that is not well-formed UTF-16) is rejected with the field and the index of the
 * surrogate.
 *
 * <p>Equal by value. {@link #toString()} shows the text shortened and the vector as its first components.
 *
 * <p>To add a field: add it to this class and to its {@link Builder} (a field, a setter, the line that copies it in
 * {@link #toBuilder()}, its check in {@link Builder#build()}, and {@code equals}, {@code hashCode} and
 * {@code toString}), and apply it in each provider's search.
 *
 * <p>Immutable and thread-safe.
 */
public final class MemoryQuery {

    private final @Nullable String text;
    private final @Nullable Vector vector;
    private final int limit;
    private final double minSimilarity;
    private final Set<MemoryType> types;
    private final double minImportance;
    private final Filter filter;
    private final @Nullable String userId;
    private final SearchKind kind;

    private MemoryQuery(Builder b) {
        // At least one of text and vector is set: each factory sets one, and setting one forgets the other; only
        // textEmbedding adds the text's vector to the text.
        if (b.text != null) {
            Requests.content("search", "query text", b.text);
        }
        if (b.limit < 1 || b.limit > MemoryDefaults.SEARCH_MAX_LIMIT) {
            throw Requests.invalid("search", "limit must be 1 to " + MemoryDefaults.SEARCH_MAX_LIMIT + ", got " + b.limit);
        }
        if (!(b.minSimilarity >= -1.0 && b.minSimilarity <= 1.0)) {
            throw Requests.invalid("search", "minSimilarity must be in [-1, 1], got " + b.minSimilarity);
        }
        Requests.unitInterval("search", "minImportance", b.minImportance);
        if (b.userId != null) {
            Requests.id("search", "user id", b.userId);
        }
        if (b.kind != SearchKind.VECTOR && b.text == null) {
            throw Requests.invalid("search", "a " + b.kind.name().toLowerCase(Locale.ROOT)
                    + " search needs query text: build it with MemoryQuery.text(...), or use kind VECTOR to search by"
                    + " a vector");
        }
        this.text = b.text;
        this.vector = b.vector;
        this.limit = b.limit;
        this.minSimilarity = b.minSimilarity;
        this.types = b.types.isEmpty() ? Set.of() : Set.copyOf(b.types);
        this.minImportance = b.minImportance;
        this.filter = b.filter;
        this.userId = b.userId;
        this.kind = b.kind;
    }

    /**
     * A builder for a search by text, with the default limit ({@value MemoryDefaults#SEARCH_LIMIT}), the default
     * minimum similarity ({@value MemoryDefaults#SEARCH_MIN_SIMILARITY}: no threshold) and no filters.
     *
     * @param text the query text, 1 to {@value MemoryDefaults#MAX_CONTENT_LENGTH} chars of well-formed UTF-16
     * @return the builder
     * @throws InvalidMemoryRequestException if {@code text} is null (the rest is checked by {@link Builder#build()})
     */
    public static Builder text(String text) {
        return new Builder().text(text);
    }

    /**
     * A builder for a search by vector, with the defaults of {@link #text(String)}.
     *
     * @param vector the query vector, of the store's dimension
     * @return the builder
     * @throws InvalidMemoryRequestException if {@code vector} is null
     */
    public static Builder vector(Vector vector) {
        return new Builder().vector(vector);
    }

    /**
     * A builder for a search by vector given as its components: a shorthand for {@code vector(Vector.of(vector))},
     * for the array an {@link Embedder} returns.
     *
     * @param vector the components, copied at once
     * @return the builder
     * @throws InvalidMemoryRequestException if {@code vector} is null or not a valid {@link Vector}
     */
    public static Builder vector(float[] vector) {
        return new Builder().vector(vector);
    }

    /**
     * A builder holding every field of this query: build it to get an equal query, or change some fields first (for
     * example {@link Builder#vector(Vector)} to search by the text's vector with the same filters).
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.text = text;
        b.vector = vector;
        b.limit = limit;
        b.minSimilarity = minSimilarity;
        b.types = types;
        b.minImportance = minImportance;
        b.filter = filter;
        b.userId = userId;
        b.kind = kind;
        return b;
    }

    /**
     * The query text.
     *
     * @return the text, or {@code null} when searching by a vector alone
     */
    public @Nullable String text() {
        return text;
    }

    /**
     * The query vector: the one searched by, or the vector of the text given with {@link Builder#textEmbedding}.
     *
     * @return the vector, or {@code null} when searching by text that the store embeds
     */
    public @Nullable Vector vector() {
        return vector;
    }

    /**
     * The most results to return.
     *
     * @return 1 to {@value MemoryDefaults#SEARCH_MAX_LIMIT} (default {@value MemoryDefaults#SEARCH_LIMIT})
     */
    public int limit() {
        return limit;
    }

    /**
     * The smallest cosine similarity returned by a {@link SearchKind#VECTOR} search, and kept in the vector ranking of
     * a {@link SearchKind#HYBRID} one; a {@link SearchKind#KEYWORD} search ignores it.
     *
     * @return a value in [-1, 1] (default {@value MemoryDefaults#SEARCH_MIN_SIMILARITY}: no threshold; see
     *     {@link MemoryDefaults#SEARCH_MIN_SIMILARITY} on choosing one)
     */
    public double minSimilarity() {
        return minSimilarity;
    }

    /**
     * The memory types to consider.
     *
     * @return the types, unmodifiable; empty means all; never {@code null}
     */
    public Set<MemoryType> types() {
        return types;
    }

    /**
     * The smallest importance returned.
     *
     * @return a value in [0, 1] (default 0)
     */
    public double minImportance() {
        return minImportance;
    }

    /**
     * The condition on the metadata that a memory must meet to be ranked at all.
     *
     * @return the filter; {@link Filter#all()} when the query has none
     */
    public Filter filter() {
        return filter;
    }

    /**
     * The user whose memories are searched.
     *
     * @return the user id, or {@code null} for any
     */
    public @Nullable String userId() {
        return userId;
    }

    /**
     * How this query ranks the memories that pass its filters.
     *
     * @return the kind; {@link SearchKind#VECTOR} unless set
     */
    public SearchKind kind() {
        return kind;
    }

    /**
     * Whether a memory of this type passes the type filter.
     *
     * @param type the type
     * @return {@code true} if it passes
     * @throws InvalidMemoryRequestException if {@code type} is null
     */
    public boolean acceptsType(MemoryType type) {
        Requests.notNull("search", "type", type);
        return types.isEmpty() || types.contains(type);
    }

    /**
     * Whether {@code other} is a {@code MemoryQuery} with equal fields (doubles compared as
     * {@link Double#compare(double, double)} does).
     *
     * @param other any object, or {@code null}
     * @return {@code true} if every field is equal
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof MemoryQuery q && Objects.equals(text, q.text) && Objects.equals(vector, q.vector)
                && limit == q.limit && Double.compare(minSimilarity, q.minSimilarity) == 0 && types.equals(q.types)
                && Double.compare(minImportance, q.minImportance) == 0 && filter.equals(q.filter)
                && Objects.equals(userId, q.userId) && kind == q.kind;
    }

    /**
     * A hash of every field.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(text, vector, limit, minSimilarity, types, minImportance, filter, userId, kind);
    }

    /**
     * Every field, with the text and metadata shortened and the vector as its dimension and first components.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return new ValueText("MemoryQuery").text("text", text).field("vector", vector).field("limit", limit)
                .field("minSimilarity", minSimilarity).field("types", types).field("minImportance", minImportance)
                .field("filter", filter).field("userId", userId).field("kind", kind).end();
    }

    /**
     * Builds a {@link MemoryQuery}. A query searches either by text or by vector: setting one forgets the other.
     * {@link #build()} checks every field; a setter given {@code null} where the field allows none throws
     * {@link InvalidMemoryRequestException} at once. Not thread-safe.
     */
    public static final class Builder {
        private @Nullable String text;
        private @Nullable Vector vector;
        private int limit = MemoryDefaults.SEARCH_LIMIT;
        private double minSimilarity = MemoryDefaults.SEARCH_MIN_SIMILARITY;
        private Set<MemoryType> types = Set.of();
        private double minImportance;
        private Filter filter = Filter.all();
        private @Nullable String userId;
        private SearchKind kind = SearchKind.VECTOR;

        private Builder() {
        }

        /**
         * Searches by this text, embedded by the store's {@link Embedder}, instead of by a vector.
         *
         * @param text the query text, 1 to {@value MemoryDefaults#MAX_CONTENT_LENGTH} chars of well-formed UTF-16
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code text} is null
         */
        public Builder text(String text) {
            this.text = Requests.notNull("search", "text", text);
            this.vector = null;
            return this;
        }

        /**
         * Searches by this vector instead of by a text.
         *
         * @param vector the query vector, of the store's dimension
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code vector} is null
         */
        public Builder vector(Vector vector) {
            this.vector = Requests.notNull("search", "vector", vector);
            this.text = null;
            return this;
        }

        /**
         * Gives the vector of this query's text, for a caller or decorator that has embedded the text already (the
         * resilience decorator does, so that embedding stays outside the store's retries): a vector or hybrid search
         * then ranks by this vector instead of calling the store's {@link Embedder}, and keeps the text (the hybrid
         * search's keyword half reads it). A keyword search ignores the vector. Setting {@link #text} or
         * {@link #vector} afterwards forgets it.
         *
         * @param vector the text's vector, of the store's dimension
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code vector} is null, or if the builder holds no text
         */
        public Builder textEmbedding(Vector vector) {
            Requests.notNull("search", "vector", vector);
            if (text == null) {
                throw Requests.invalid("search", "textEmbedding gives the vector of the query's text, and this query"
                        + " has none: build it with MemoryQuery.text(...), or search by MemoryQuery.vector(...)");
            }
            this.vector = vector;
            return this;
        }

        /**
         * Searches by this vector, given as its components, instead of by a text: a shorthand for
         * {@code vector(Vector.of(vector))}, for the array an {@link Embedder} returns.
         *
         * @param vector the components, copied at once
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code vector} is null or not a valid {@link Vector}
         */
        public Builder vector(float[] vector) {
            return vector(Vector.of("search", vector));
        }

        /**
         * Sets the most results to return.
         *
         * @param limit 1 to {@value MemoryDefaults#SEARCH_MAX_LIMIT}
         * @return this builder
         */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        /**
         * Sets the smallest cosine similarity returned.
         *
         * @param minSimilarity a value in [-1, 1]
         * @return this builder
         */
        public Builder minSimilarity(double minSimilarity) {
            this.minSimilarity = minSimilarity;
            return this;
        }

        /**
         * Accepts only memories of these types (all types unless set).
         *
         * @param type a type to accept
         * @param moreTypes more types to accept
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code type}, {@code moreTypes} or an element of it is null
         */
        public Builder types(MemoryType type, MemoryType... moreTypes) {
            Requests.notNull("search", "type", type);
            Requests.notNull("search", "moreTypes", moreTypes);
            for (int i = 0; i < moreTypes.length; i++) {
                Requests.notNull("search", "moreTypes[" + i + "]", moreTypes[i]);
            }
            this.types = EnumSet.of(type, moreTypes);
            return this;
        }

        /**
         * Sets the smallest importance returned (0 unless set).
         *
         * @param minImportance a value in [0, 1]
         * @return this builder
         */
        public Builder minImportance(double minImportance) {
            this.minImportance = minImportance;
            return this;
        }

        /**
         * Ranks only the memories that pass a filter (the filter applies before ranking: the query returns the best
         * matches among the memories that pass it). Replaces an earlier filter or {@link #metadata(Map)}.
         *
         * @param filter the condition on the metadata
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code filter} is null
         */
        public Builder filter(Filter filter) {
            this.filter = Requests.notNull("search", "filter", filter);
            return this;
        }

        /**
         * Shorthand for {@code filter(Filter.matching(metadata))}: only memories that carry every one of these pairs
         * with an equal value. Replaces an earlier filter.
         *
         * @param metadata the pairs that must all match
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code metadata} is null or a pair breaks its rule
         */
        public Builder metadata(Map<String, ?> metadata) {
            this.filter = Filter.matching(Requests.notNull("search", "metadata", metadata));
            return this;
        }

        /**
         * Accepts only memories about this user.
         *
         * @param userId the user id, or {@code null} for any
         * @return this builder
         */
        public Builder userId(@Nullable String userId) {
            this.userId = userId;
            return this;
        }

        /**
         * Sets how the query ranks: {@link SearchKind#VECTOR} (the default), {@link SearchKind#KEYWORD} or
         * {@link SearchKind#HYBRID}. A keyword or hybrid query needs text, checked by {@link #build()}.
         *
         * @param kind the kind of search
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code kind} is null
         */
        public Builder kind(SearchKind kind) {
            this.kind = Requests.notNull("search", "kind", kind);
            return this;
        }

        /**
         * Checks every field and builds the query. The builder can be changed and built again afterwards.
         *
         * @return the query
         * @throws InvalidMemoryRequestException if a field breaks its rule (the message names it), or the kind is
         *     {@link SearchKind#KEYWORD} or {@link SearchKind#HYBRID} and the query is by vector
         */
        public MemoryQuery build() {
            return new MemoryQuery(this);
        }
    }
}
