package dev.agentmemory;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A memory to store (upsert by id) in long-term memory.
 *
 * <p>The one way to make one is {@link #builder(String)} (or {@link #toBuilder()} from another): the builder gives
 * every field but the content a default, and {@link Builder#build()} checks every field. A string holding an unpaired
 * surrogate (text that is not well-formed UTF-16, which no backend can store as it is) is rejected with the field and
 * the index of the surrogate.
 *
 * <p>Equal by value: two memories with equal fields are equal, whatever arrays or maps they were built from.
 * {@link #toString()} shows the content and the metadata shortened and the vector as its first components.
 *
 * <p>To add a field: add it to this class and to its {@link Builder} (a field, a setter, the line that copies it in
 * {@link #toBuilder()}, its check in {@link Builder#build()}, and {@code equals}, {@code hashCode} and
 * {@code toString}), and store it in each provider. No caller that builds a memory changes.
 *
 * <p>Immutable and thread-safe.
 */
public final class NewMemory {

    private final String id;
    private final MemoryType type;
    private final String content;
    private final @Nullable Vector embedding;
    private final double importance;
    private final Metadata metadata;
    private final @Nullable String userId;
    private final @Nullable String sessionId;
    private final @Nullable Instant expiresAt;

    private NewMemory(Builder b) {
        Requests.id("store", "memory id", b.id);
        Requests.content("store", "content", b.content);
        Requests.unitInterval("store", "importance", b.importance);
        Metadata checkedMetadata = b.metadata;
        if (b.userId != null) {
            Requests.id("store", "user id", b.userId);
        }
        if (b.sessionId != null) {
            Requests.id("store", "session id", b.sessionId);
        }
        this.id = b.id;
        this.type = b.type;
        this.content = b.content;
        this.embedding = b.embedding;
        this.importance = b.importance;
        this.metadata = checkedMetadata;
        this.userId = b.userId;
        this.sessionId = b.sessionId;
        this.expiresAt = Requests.instant("store", "expiresAt", b.expiresAt);
    }

    /**
     * A builder for a semantic memory with a random id, importance {@value MemoryDefaults#DEFAULT_IMPORTANCE}, no
     * metadata, no vector and no expiry.
     *
     * @param content the text, 1 to {@value MemoryDefaults#MAX_CONTENT_LENGTH} chars of well-formed UTF-16
     * @return the builder
     * @throws InvalidMemoryRequestException if {@code content} is null (the rest is checked by {@link Builder#build()})
     */
    public static Builder builder(String content) {
        return new Builder(Requests.notNull("store", "content", content));
    }

    /**
     * A builder holding every field of this memory, the id included: build it to get an equal memory, or change some
     * fields first.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(content);
        b.id = id;
        b.type = type;
        b.embedding = embedding;
        b.importance = importance;
        b.metadata = metadata;
        b.userId = userId;
        b.sessionId = sessionId;
        b.expiresAt = expiresAt;
        return b;
    }

    /**
     * The memory id; storing the same id again replaces the memory (upsert).
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The kind of memory.
     *
     * @return episodic, semantic or procedural
     */
    public MemoryType type() {
        return type;
    }

    /**
     * The text.
     *
     * @return 1 to {@value MemoryDefaults#MAX_CONTENT_LENGTH} chars of well-formed UTF-16
     */
    public String content() {
        return content;
    }

    /**
     * The vector to store, or {@code null} to have the store's {@link Embedder} compute it from the content.
     *
     * @return the vector, or {@code null}
     */
    public @Nullable Vector embedding() {
        return embedding;
    }

    /**
     * How much the memory matters.
     *
     * @return the importance, in [0, 1]
     */
    public double importance() {
        return importance;
    }

    /**
     * String pairs, searchable by equality.
     *
     * @return up to {@value MemoryDefaults#MAX_METADATA_ENTRIES} pairs of well-formed UTF-16, unmodifiable; never
     *     {@code null}
     */
    public Metadata metadata() {
        return metadata;
    }

    /**
     * The user the memory is about.
     *
     * @return the user id, or {@code null}
     */
    public @Nullable String userId() {
        return userId;
    }

    /**
     * The session the memory came from.
     *
     * @return the session id, or {@code null}
     */
    public @Nullable String sessionId() {
        return sessionId;
    }

    /**
     * When the memory stops being returned, truncated to whole microseconds (toward the past) so that every provider
     * stores and returns the same instant.
     *
     * @return the expiry, from {@link MemoryDefaults#MIN_INSTANT} to {@link MemoryDefaults#MAX_INSTANT}, or
     *     {@code null} for never
     */
    public @Nullable Instant expiresAt() {
        return expiresAt;
    }

    /**
     * Whether {@code other} is a {@code NewMemory} with equal fields ({@code importance} compared as
     * {@link Double#compare(double, double)} does).
     *
     * @param other any object, or {@code null}
     * @return {@code true} if every field is equal
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof NewMemory m && id.equals(m.id) && type == m.type && content.equals(m.content)
                && Objects.equals(embedding, m.embedding) && Double.compare(importance, m.importance) == 0
                && metadata.equals(m.metadata) && Objects.equals(userId, m.userId)
                && Objects.equals(sessionId, m.sessionId) && Objects.equals(expiresAt, m.expiresAt);
    }

    /**
     * A hash of every field.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(id, type, content, embedding, importance, metadata, userId, sessionId, expiresAt);
    }

    /**
     * Every field, with the content and metadata shortened and the vector as its dimension and first components.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return new ValueText("NewMemory").field("id", id).field("type", type).text("content", content)
                .field("embedding", embedding).field("importance", importance).metadata(metadata)
                .field("userId", userId).field("sessionId", sessionId).field("expiresAt", expiresAt).end();
    }

    /**
     * Builds a {@link NewMemory}. {@link #build()} checks every field; a setter given {@code null} where the field
     * allows none throws {@link InvalidMemoryRequestException} at once. Not thread-safe: use one builder in one
     * thread, or build a memory and share that.
     */
    public static final class Builder {
        private String id = UUID.randomUUID().toString();
        private MemoryType type = MemoryType.SEMANTIC;
        private String content;
        private @Nullable Vector embedding;
        private double importance = MemoryDefaults.DEFAULT_IMPORTANCE;
        private Metadata metadata = Metadata.empty();
        private @Nullable String userId;
        private @Nullable String sessionId;
        private @Nullable Instant expiresAt;

        private Builder(String content) {
            this.content = content;
        }

        /**
         * Sets the id; storing the same id again replaces the memory (upsert).
         *
         * @param id the memory id, 1 to {@value MemoryDefaults#MAX_ID_LENGTH} characters of
         *     {@code [A-Za-z0-9._:@-]}
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code id} is null
         */
        public Builder id(String id) {
            this.id = Requests.notNull("store", "id", id);
            return this;
        }

        /**
         * Sets the type (semantic unless set).
         *
         * @param type the type
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code type} is null
         */
        public Builder type(MemoryType type) {
            this.type = Requests.notNull("store", "type", type);
            return this;
        }

        /**
         * Sets the text.
         *
         * @param content the text, 1 to {@value MemoryDefaults#MAX_CONTENT_LENGTH} chars of well-formed UTF-16
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code content} is null
         */
        public Builder content(String content) {
            this.content = Requests.notNull("store", "content", content);
            return this;
        }

        /**
         * Sets the vector to store.
         *
         * @param embedding the vector, or {@code null} to have the store's {@link Embedder} compute it from the content
         * @return this builder
         */
        public Builder embedding(@Nullable Vector embedding) {
            this.embedding = embedding;
            return this;
        }

        /**
         * Sets the vector to store from its components: a shorthand for {@code embedding(Vector.of(embedding))}, for
         * the array an {@link Embedder} returns.
         *
         * @param embedding the components, copied at once
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code embedding} is null or not a valid {@link Vector}
         */
        public Builder embedding(float[] embedding) {
            this.embedding = Vector.of("store", Requests.notNull("store", "embedding", embedding));
            return this;
        }

        /**
         * Sets the importance (0.5 unless set).
         *
         * @param importance the importance, in [0, 1]
         * @return this builder
         */
        public Builder importance(double importance) {
            this.importance = importance;
            return this;
        }

        /**
         * Sets the metadata (none unless set).
         *
         * @param metadata the typed metadata
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code metadata} is null
         */
        public Builder metadata(Metadata metadata) {
            this.metadata = Requests.notNull("store", "metadata", metadata);
            return this;
        }

        /**
         * Sets the metadata from a map (none unless set), checked at once by the rules of {@link Metadata}.
         *
         * @param metadata up to {@value MemoryDefaults#MAX_METADATA_ENTRIES} pairs whose values are String, UUID,
         *     Integer, Long, Float, Double or Boolean; copied
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code metadata} is null or a pair breaks its rule
         */
        public Builder metadata(Map<String, ?> metadata) {
            this.metadata = Metadata.of("store", metadata);
            return this;
        }

        /**
         * Sets the user the memory is about.
         *
         * @param userId the user id, or {@code null} for none
         * @return this builder
         */
        public Builder userId(@Nullable String userId) {
            this.userId = userId;
            return this;
        }

        /**
         * Sets the session the memory came from.
         *
         * @param sessionId the session id, or {@code null} for none
         * @return this builder
         */
        public Builder sessionId(@Nullable String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        /**
         * Sets when the memory stops being returned.
         *
         * @param expiresAt the expiry, or {@code null} for never; truncated to microseconds on build, and then from
         *     {@link MemoryDefaults#MIN_INSTANT} to {@link MemoryDefaults#MAX_INSTANT}
         * @return this builder
         */
        public Builder expiresAt(@Nullable Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /**
         * Checks every field and builds the memory. The builder can be changed and built again afterwards.
         *
         * @return the memory
         * @throws InvalidMemoryRequestException if a field breaks its rule; the message names it
         */
        public NewMemory build() {
            return new NewMemory(this);
        }
    }
}
