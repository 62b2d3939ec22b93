package dev.agentmemory;

import java.time.Instant;
import java.util.Map;

/**
 * An entry as stored in short-term memory. Immutable and thread-safe.
 *
 * @param id the id the client gave the entry
 * @param sequence the entry's place in its session, assigned by the server: larger is later, never reused
 * @param role who spoke
 * @param content the text
 * @param metadata the metadata
 * @param importance in [0, 1]
 * @param createdAt when the store accepted the entry (server time where the backend has a clock)
 * @param expiresAt when the session expires unless it is appended to again (sliding TTL)
 */
public record MemoryEntry(String id, long sequence, String role, String content, Map<String, String> metadata,
                          double importance, Instant createdAt, Instant expiresAt) {

    /** Copies the metadata. */
    public MemoryEntry {
        metadata = Map.copyOf(metadata);
    }
}
