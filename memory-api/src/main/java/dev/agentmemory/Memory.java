package dev.agentmemory;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A memory as stored in long-term memory. Immutable and thread-safe.
 *
 * @param id the memory id
 * @param type episodic, semantic or procedural
 * @param content the text
 * @param importance in [0, 1]
 * @param metadata the metadata
 * @param userId the user, or {@code null}
 * @param sessionId the session, or {@code null}
 * @param createdAt when it was first stored
 * @param lastAccessedAt when a search last returned it, or {@code null} if never
 * @param accessCount how many searches returned it
 * @param expiresAt when it stops being returned, or {@code null} for never
 */
public record Memory(String id, MemoryType type, String content, double importance, Map<String, String> metadata,
                     @Nullable String userId, @Nullable String sessionId, Instant createdAt,
                     @Nullable Instant lastAccessedAt, long accessCount, @Nullable Instant expiresAt) {

    /**
     * Checks that every field but the nullable ones is given, and copies the metadata.
     *
     * @throws InvalidMemoryRequestException if a field that may not be null is null; the message names it
     */
    public Memory {
        Requests.notNull("Memory", "id", id);
        Requests.notNull("Memory", "type", type);
        Requests.notNull("Memory", "content", content);
        Requests.notNull("Memory", "createdAt", createdAt);
        metadata = Map.copyOf(Requests.notNull("Memory", "metadata", metadata));
    }
}
