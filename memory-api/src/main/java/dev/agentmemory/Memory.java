package dev.agentmemory;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A memory as stored in long-term memory: what a store returns from {@link LongTermMemory#store},
 * {@link LongTermMemory#get}, {@link LongTermMemory#list} and, inside a {@link ScoredMemory}, from
 * {@link LongTermMemory#search}.
 *
 * <p>Providers make one through {@link #builder(NewMemory)} (the fields a caller gave, copied from the request) or
 * {@link #builder()} (every field set one by one, for a memory read back from a backend), then set what the store
 * keeps ({@code createdAt}, {@code lastAccessedAt}, {@code accessCount}). {@link Builder#build()} checks that every
 * required field is set; a missing one is an {@link InvalidMemoryRequestException} that names it.
 *
 * <p>Equal by value. {@link #toString()} shows the content and the metadata shortened.
 *
 * <p>To add a field: add it to this class and to its {@link Builder} (a field, a setter, the lines that copy it in
 * {@link #builder(NewMemory)} and {@link #toBuilder()}, its check in {@link Builder#build()}, and {@code equals},
 * {@code hashCode} and {@code toString}), and store and read it in each provider.
 *
 * <p>Immutable and thread-safe.
 */
public final class Memory {

    private static final String WHAT = "Memory";

    private final String id;
    private final MemoryType type;
    private final String content;
    private final double importance;
    private final Metadata metadata;
    private final @Nullable String userId;
    private final @Nullable String sessionId;
    private final Instant createdAt;
    private final @Nullable Instant lastAccessedAt;
    private final long accessCount;
    private final @Nullable Instant expiresAt;

    private Memory(Builder b) {
        this.id = Requests.required(WHAT, "id", b.id);
        this.type = Requests.required(WHAT, "type", b.type);
        this.content = Requests.required(WHAT, "content", b.content);
        this.importance = Requests.required(WHAT, "importance", b.importance);
        this.metadata = b.metadata;
        this.userId = b.userId;
        this.sessionId = b.sessionId;
        this.createdAt = Requests.required(WHAT, "createdAt", b.createdAt);
        this.lastAccessedAt = b.lastAccessedAt;
        this.accessCount = b.accessCount;
        this.expiresAt = b.expiresAt;
    }

    /**
     * An empty builder: {@code id}, {@code type}, {@code content}, {@code importance} and {@code createdAt} must be
     * set; the metadata are empty, the access count is 0 and the rest is {@code null} unless set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding the fields a caller gave in {@code memory}: id, type, content, importance, metadata, user,
     * session and expiry. The store sets {@code createdAt} (required) and, for a memory it replaces or returns from a
     * search, {@code lastAccessedAt} and {@code accessCount}.
     *
     * @param memory the memory as the caller asked to store it
     * @return a new builder
     * @throws InvalidMemoryRequestException if {@code memory} is null
     */
    public static Builder builder(NewMemory memory) {
        Requests.notNull(WHAT, "memory", memory);
        Builder b = new Builder();
        b.id = memory.id();
        b.type = memory.type();
        b.content = memory.content();
        b.importance = memory.importance();
        b.metadata = memory.metadata();
        b.userId = memory.userId();
        b.sessionId = memory.sessionId();
        b.expiresAt = memory.expiresAt();
        return b;
    }

    /**
     * A builder holding every field of this memory: build it to get an equal memory, or change some fields first.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.type = type;
        b.content = content;
        b.importance = importance;
        b.metadata = metadata;
        b.userId = userId;
        b.sessionId = sessionId;
        b.createdAt = createdAt;
        b.lastAccessedAt = lastAccessedAt;
        b.accessCount = accessCount;
        b.expiresAt = expiresAt;
        return b;
    }

    /**
     * This memory with another importance, as {@link LongTermMemory#updateImportance} leaves it.
     *
     * @param importance the new importance, in [0, 1]
     * @return a copy with that importance
     */
    public Memory withImportance(double importance) {
        return toBuilder().importance(importance).build();
    }

    /**
     * The memory id, unique in its scope.
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
     * The text, exactly as stored.
     *
     * @return the content
     */
    public String content() {
        return content;
    }

    /**
     * How much the memory matters, the same {@code double} that was stored.
     *
     * @return the importance, in [0, 1]
     */
    public double importance() {
        return importance;
    }

    /**
     * The string pairs stored with the memory.
     *
     * @return the metadata, unmodifiable; never {@code null}
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
     * When the memory was first stored; replacing it keeps this instant.
     *
     * @return the creation time
     */
    public Instant createdAt() {
        return createdAt;
    }

    /**
     * When a search last returned the memory.
     *
     * @return the last access, or {@code null} if no search returned it yet
     */
    public @Nullable Instant lastAccessedAt() {
        return lastAccessedAt;
    }

    /**
     * How many searches returned the memory.
     *
     * @return the access count
     */
    public long accessCount() {
        return accessCount;
    }

    /**
     * When the memory stops being returned.
     *
     * @return the expiry, or {@code null} for never
     */
    public @Nullable Instant expiresAt() {
        return expiresAt;
    }

    /**
     * Whether {@code other} is a {@code Memory} with equal fields ({@code importance} compared as
     * {@link Double#compare(double, double)} does).
     *
     * @param other any object, or {@code null}
     * @return {@code true} if every field is equal
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Memory m && id.equals(m.id) && type == m.type && content.equals(m.content)
                && Double.compare(importance, m.importance) == 0 && metadata.equals(m.metadata)
                && Objects.equals(userId, m.userId) && Objects.equals(sessionId, m.sessionId)
                && createdAt.equals(m.createdAt) && Objects.equals(lastAccessedAt, m.lastAccessedAt)
                && accessCount == m.accessCount && Objects.equals(expiresAt, m.expiresAt);
    }

    /**
     * A hash of every field.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(id, type, content, importance, metadata, userId, sessionId, createdAt, lastAccessedAt,
                accessCount, expiresAt);
    }

    /**
     * Every field, with the content and the metadata shortened.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return new ValueText(WHAT).field("id", id).field("type", type).text("content", content)
                .field("importance", importance).metadata(metadata).field("userId", userId)
                .field("sessionId", sessionId).field("createdAt", createdAt).field("lastAccessedAt", lastAccessedAt)
                .field("accessCount", accessCount).field("expiresAt", expiresAt).end();
    }

    /**
     * Builds a {@link Memory}. A setter given {@code null} where the field allows none throws
     * {@link InvalidMemoryRequestException} at once; {@link #build()} checks that every required field was set. Not
     * thread-safe.
     */
    public static final class Builder {
        private @Nullable String id;
        private @Nullable MemoryType type;
        private @Nullable String content;
        private @Nullable Double importance;
        private Metadata metadata = Metadata.empty();
        private @Nullable String userId;
        private @Nullable String sessionId;
        private @Nullable Instant createdAt;
        private @Nullable Instant lastAccessedAt;
        private long accessCount;
        private @Nullable Instant expiresAt;

        private Builder() {
        }

        /**
         * Sets the id (required).
         *
         * @param id the memory id
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code id} is null
         */
        public Builder id(String id) {
            this.id = Requests.notNull(WHAT, "id", id);
            return this;
        }

        /**
         * Sets the type (required).
         *
         * @param type the type
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code type} is null
         */
        public Builder type(MemoryType type) {
            this.type = Requests.notNull(WHAT, "type", type);
            return this;
        }

        /**
         * Sets the text (required).
         *
         * @param content the content
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code content} is null
         */
        public Builder content(String content) {
            this.content = Requests.notNull(WHAT, "content", content);
            return this;
        }

        /**
         * Sets the importance (required).
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
         * @param metadata the metadata
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code metadata} is null
         */
        public Builder metadata(Metadata metadata) {
            this.metadata = Requests.notNull(WHAT, "metadata", metadata);
            return this;
        }

        /**
         * Sets the metadata from a map, checked at once by the rules of {@link Metadata}.
         *
         * @param metadata pairs whose values are String, UUID, Integer, Long, Float, Double or Boolean; copied
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code metadata} is null or a pair breaks its rule
         */
        public Builder metadata(Map<String, ?> metadata) {
            this.metadata = Metadata.of(WHAT, metadata);
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
         * Sets when the memory was first stored (required).
         *
         * @param createdAt the creation time
         * @return this builder
         * @throws InvalidMemoryRequestException if {@code createdAt} is null
         */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = Requests.notNull(WHAT, "createdAt", createdAt);
            return this;
        }

        /**
         * Sets when a search last returned the memory.
         *
         * @param lastAccessedAt the last access, or {@code null} if never
         * @return this builder
         */
        public Builder lastAccessedAt(@Nullable Instant lastAccessedAt) {
            this.lastAccessedAt = lastAccessedAt;
            return this;
        }

        /**
         * Sets how many searches returned the memory (0 unless set).
         *
         * @param accessCount the access count
         * @return this builder
         */
        public Builder accessCount(long accessCount) {
            this.accessCount = accessCount;
            return this;
        }

        /**
         * Sets when the memory stops being returned.
         *
         * @param expiresAt the expiry, or {@code null} for never
         * @return this builder
         */
        public Builder expiresAt(@Nullable Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /**
         * Checks that every required field is set and builds the memory.
         *
         * @return the memory
         * @throws InvalidMemoryRequestException if {@code id}, {@code type}, {@code content}, {@code importance} or
         *     {@code createdAt} was not set; the message names it
         */
        public Memory build() {
            return new Memory(this);
        }
    }
}
