package dev.agentmemory;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A memory to store (upsert by id) in long-term memory. Built with {@link #builder(String)}. Immutable and
 * thread-safe; {@link #embedding()} returns a copy.
 *
 * @param id the memory id; storing the same id again replaces the memory (upsert)
 * @param type episodic, semantic or procedural
 * @param content the text, 1 to {@value MemoryDefaults#MAX_CONTENT_LENGTH} chars of well-formed UTF-16
 * @param embedding the vector, or {@code null} to have the store's {@link Embedder} compute it from the content
 * @param importance in [0, 1]
 * @param metadata up to {@value MemoryDefaults#MAX_METADATA_ENTRIES} string pairs of well-formed UTF-16, searchable
 *     by equality; never {@code null} (use {@code Map.of()})
 * @param userId the user the memory is about, or {@code null}
 * @param sessionId the session it came from, or {@code null}
 * @param expiresAt when the memory stops being returned, or {@code null} for never; truncated to whole microseconds
 *     (toward the past) so that every provider stores and returns the same instant, and then from
 *     {@link MemoryDefaults#MIN_INSTANT} to {@link MemoryDefaults#MAX_INSTANT} (years 1 to 9999)
 */
public record NewMemory(String id, MemoryType type, String content, float @Nullable [] embedding, double importance,
                        Map<String, String> metadata, @Nullable String userId, @Nullable String sessionId,
                        @Nullable Instant expiresAt) {

    /**
     * Validates every field and truncates {@code expiresAt} to whole microseconds. A string holding an unpaired
     * surrogate (text that is not well-formed UTF-16, which no backend can store as it is) is rejected with the
     * field and the index of the surrogate.
     *
     * @throws InvalidMemoryRequestException if a field is null where it may not be or breaks its rule; the message
     *     names it
     */
    public NewMemory {
        Requests.id("store", "memory id", id);
        if (type == null) {
            throw Requests.invalid("store", "type must not be null; use one of EPISODIC, SEMANTIC, PROCEDURAL");
        }
        Requests.content("store", "content", content);
        embedding = Requests.vector("store", embedding);
        Requests.unitInterval("store", "importance", importance);
        metadata = Requests.metadata("store", metadata);
        if (userId != null) {
            Requests.id("store", "user id", userId);
        }
        if (sessionId != null) {
            Requests.id("store", "session id", sessionId);
        }
        expiresAt = Requests.instant("store", "expiresAt", expiresAt);
    }

    /** A copy of the vector, or {@code null}. */
    @Override
    public float @Nullable [] embedding() {
        return embedding == null ? null : embedding.clone();
    }

    /**
     * A builder for a semantic memory with a random id and importance {@value MemoryDefaults#DEFAULT_IMPORTANCE}.
     *
     * @param content the text
     * @return the builder
     * @throws InvalidMemoryRequestException if {@code content} is null (the rest is checked by {@link Builder#build()})
     */
    public static Builder builder(String content) {
        return new Builder(Requests.notNull("store", "content", content));
    }

    /**
     * Builds a {@link NewMemory}. Not thread-safe; {@link #build()} validates and copies. A setter given
     * {@code null} where the field allows none throws {@link InvalidMemoryRequestException} at once.
     */
    public static final class Builder {
        private String id = UUID.randomUUID().toString();
        private MemoryType type = MemoryType.SEMANTIC;
        private final String content;
        private float @Nullable [] embedding;
        private double importance = MemoryDefaults.DEFAULT_IMPORTANCE;
        private Map<String, String> metadata = Map.of();
        private @Nullable String userId;
        private @Nullable String sessionId;
        private @Nullable Instant expiresAt;

        private Builder(String content) {
            this.content = content;
        }

        /** @param id the memory id @return this builder */
        public Builder id(String id) {
            this.id = Requests.notNull("store", "id", id);
            return this;
        }

        /** @param type the type @return this builder */
        public Builder type(MemoryType type) {
            this.type = Requests.notNull("store", "type", type);
            return this;
        }

        /** @param embedding the vector (copied on build), or null to embed the content @return this builder */
        public Builder embedding(float @Nullable [] embedding) {
            this.embedding = embedding;
            return this;
        }

        /** @param importance in [0, 1] @return this builder */
        public Builder importance(double importance) {
            this.importance = importance;
            return this;
        }

        /** @param metadata the metadata @return this builder */
        public Builder metadata(Map<String, String> metadata) {
            this.metadata = Requests.notNull("store", "metadata", metadata);
            return this;
        }

        /** @param userId the user, or null @return this builder */
        public Builder userId(@Nullable String userId) {
            this.userId = userId;
            return this;
        }

        /** @param sessionId the session, or null @return this builder */
        public Builder sessionId(@Nullable String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        /**
         * @param expiresAt the expiry, or null for never; truncated to microseconds on build, and then from
         *     {@link MemoryDefaults#MIN_INSTANT} to {@link MemoryDefaults#MAX_INSTANT}
         * @return this builder
         */
        public Builder expiresAt(@Nullable Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the memory
         * @throws InvalidMemoryRequestException if a field is invalid
         */
        public NewMemory build() {
            return new NewMemory(id, type, content, embedding, importance, metadata, userId, sessionId, expiresAt);
        }
    }
}
