package dev.agentmemory;

import java.time.Instant;
import java.util.Map;

/**
 * An entry as stored in short-term memory. Immutable and thread-safe.
 *
 * @param id the id the client gave the entry
 * @param sequence the entry's place in its session, assigned by the server: larger is later, never reused in the
 *     session, also after it was cleared or expired (see {@link ShortTermMemory});
 *     {@link #PENDING_SEQUENCE} when a write buffer acknowledged the entry and the server has not numbered it yet
 * @param role who spoke
 * @param content the text
 * @param metadata the metadata
 * @param importance in [0, 1]
 * @param createdAt when the store accepted the entry (server time where the backend has a clock); never decreases
 *     in sequence order within a session
 * @param expiresAt when the session expires unless it is appended to again (sliding TTL)
 */
public record MemoryEntry(String id, long sequence, String role, String content, Map<String, String> metadata,
                          double importance, Instant createdAt, Instant expiresAt) {

    /**
     * The sequence of an entry that a write buffer (the resilience layer's buffer-writes mode) acknowledged while
     * the backend was down: the server assigns the real one when the buffer is replayed.
     */
    public static final long PENDING_SEQUENCE = -1;

    /**
     * Checks that every field is given, and copies the metadata.
     *
     * @throws InvalidMemoryRequestException if a field is null; the message names it
     */
    public MemoryEntry {
        Requests.notNull("MemoryEntry", "id", id);
        Requests.notNull("MemoryEntry", "role", role);
        Requests.notNull("MemoryEntry", "content", content);
        Requests.notNull("MemoryEntry", "createdAt", createdAt);
        Requests.notNull("MemoryEntry", "expiresAt", expiresAt);
        metadata = Map.copyOf(Requests.notNull("MemoryEntry", "metadata", metadata));
    }

    /** @return whether the entry is acknowledged but not yet numbered by the server ({@link #PENDING_SEQUENCE}) */
    public boolean pending() {
        return sequence == PENDING_SEQUENCE;
    }
}
