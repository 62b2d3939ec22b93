package dev.agentmemory;

import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A turn to append to a session's short-term memory.
 *
 * <p>The {@code id} is fixed here, on the client, before the first attempt: appending the same
 * {@code NewEntry} twice (for example, a retry after a lost response) stores it once. Immutable and
 * thread-safe.
 *
 * @param id the entry id; a random UUID when created through {@link #of}
 * @param role who spoke: {@code user}, {@code assistant}, {@code system}, {@code tool}, or another short name
 * @param content the text, 1 to {@value MemoryDefaults#MAX_CONTENT_LENGTH} chars of well-formed UTF-16
 * @param metadata up to {@value MemoryDefaults#MAX_METADATA_ENTRIES} string pairs of well-formed UTF-16; never
 *     {@code null} (use {@code Map.of()})
 * @param importance how much the turn matters, in [0, 1]
 */
public record NewEntry(String id, String role, String content, Map<String, String> metadata, double importance) {

    /**
     * Validates every field. A string holding an unpaired surrogate (text that is not well-formed UTF-16, which no
     * backend can store as it is) is rejected with the field and the index of the surrogate.
     *
     * @param id the entry id
     * @param role who spoke
     * @param content the text
     * @param metadata the string pairs, copied
     * @param importance how much the turn matters, in [0, 1]
     * @throws InvalidMemoryRequestException if a field is null or breaks its rule; the message names it
     */
    public NewEntry {
        Requests.id("append", "entry id", id);
        role = role(role);
        Requests.content("append", "content", content);
        metadata = Requests.metadata("append", metadata);
        Requests.unitInterval("append", "importance", importance);
    }

    /**
     * A new entry with a random id, no metadata and importance {@value MemoryDefaults#DEFAULT_IMPORTANCE}.
     *
     * @param role who spoke
     * @param content the text
     * @return the entry
     * @throws InvalidMemoryRequestException if a field is invalid
     */
    public static NewEntry of(String role, String content) {
        return new NewEntry(UUID.randomUUID().toString(), role, content, Map.of(), MemoryDefaults.DEFAULT_IMPORTANCE);
    }

    /**
     * This entry with another importance (the id stays the same).
     *
     * @param importance in [0, 1]
     * @return a copy
     */
    public NewEntry withImportance(double importance) {
        return new NewEntry(id, role, content, metadata, importance);
    }

    /**
     * This entry with these metadata (the id stays the same).
     *
     * @param metadata the new metadata
     * @return a copy
     */
    public NewEntry withMetadata(Map<String, String> metadata) {
        return new NewEntry(id, role, content, metadata, importance);
    }

    /**
     * This entry with another id, for callers that derive ids from their own message ids.
     *
     * @param id the id
     * @return a copy
     */
    public NewEntry withId(String id) {
        return new NewEntry(id, role, content, metadata, importance);
    }

    private static String role(@Nullable String role) {
        Requests.wellFormed("append", "role", Requests.notNull("append", "role", role));
        if (role.isEmpty() || role.length() > MemoryDefaults.MAX_ROLE_LENGTH
                || !role.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-'))) {
            throw Requests.invalid("append", "role must be 1 to " + MemoryDefaults.MAX_ROLE_LENGTH
                    + " characters of [A-Za-z0-9_-], got " + Requests.quote(role));
        }
        return role;
    }
}
