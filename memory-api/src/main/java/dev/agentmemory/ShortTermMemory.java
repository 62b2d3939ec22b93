package dev.agentmemory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A session's recent turns: append-only, ordered by the server, trimmed to a maximum number of entries, and
 * expired after a sliding time to live.
 *
 * <p>Contract, checked by the TCK for every provider:
 * <ul>
 *   <li>{@link #append} is atomic: the entry is added, the session is trimmed to its maximum entries and its
 *       TTL is refreshed, all or nothing. Appending an entry whose id is already in the session stores
 *       nothing and returns the stored entry, so a retried append is idempotent. It still slides the session's
 *       TTL, as every append does: a retried append says that the session is in use, as its first attempt
 *       did.</li>
 *   <li>Order is a server-side sequence, never a client clock: concurrent appends get one total order. Within a
 *       session every append gets a {@link MemoryEntry#sequence() sequence} larger than that of every entry the
 *       session ever held, also after {@link #clear} and after the session expired, so a reader that remembers
 *       the last sequence it saw never mistakes a new entry for an old one; appends within one millisecond
 *       included. Sequences are otherwise opaque: they need not start at 1 and need not be consecutive.</li>
 *   <li>{@link MemoryEntry#createdAt() createdAt} is the backend's time of the append and never decreases in
 *       sequence order within a session.</li>
 *   <li>Every entry returned, by {@link #append}, {@link #recent} or {@link #get}, carries the session's expiry as
 *       it is at the time of the call (after {@link #expire}, the new one): the same instant for every entry of
 *       the session.</li>
 *   <li>Role, content, metadata and importance read back exactly as given; importance as the same
 *       {@code double}, not rounded.</li>
 *   <li>Every argument is validated before any I/O; invalid input throws {@link InvalidMemoryRequestException}
 *       and changes nothing.</li>
 *   <li>Backend failures surface only as {@link MemoryException}s, never as raw driver exceptions.</li>
 *   <li>{@link #close()} is idempotent, gives back every connection and thread, and afterwards every call
 *       throws {@link MemoryClosedException} without I/O.</li>
 * </ul>
 * Implementations are thread-safe.
 */
public interface ShortTermMemory extends AutoCloseable {

    /**
     * Appends a turn to the session, trims the session to its maximum entries and refreshes its TTL.
     *
     * @param session the session
     * @param entry the turn; its id makes the append idempotent
     * @return the stored entry, with its server-assigned sequence (the existing entry if the id was already there)
     * @throws InvalidMemoryRequestException if an argument is invalid
     * @throws TransientMemoryException if the backend failed in a way worth retrying
     * @throws MemoryClosedException if the store is closed
     */
    MemoryEntry append(SessionRef session, NewEntry entry);

    /**
     * Appends turns to the session, in order, as {@link #append} does for each; idempotent by id. Providers do it in
     * one round trip.
     *
     * @param session the session
     * @param entries the turns, 1 to {@link MemoryDefaults#MAX_APPEND_BATCH}
     * @return the stored entries, in the order given
     */
    default List<MemoryEntry> appendAll(SessionRef session, List<NewEntry> entries) {
        List<MemoryEntry> result = new java.util.ArrayList<>(entries.size());
        for (NewEntry entry : entries) {
            result.add(append(session, entry));
        }
        return result;
    }

    /**
     * The session's newest entries, oldest first.
     *
     * @param session the session
     * @param limit most entries to return, a positive number
     * @return at most {@code limit} entries, oldest first; empty if the session does not exist
     * @throws InvalidMemoryRequestException if {@code limit} is not positive
     */
    List<MemoryEntry> recent(SessionRef session, int limit);

    /**
     * One entry by id.
     *
     * @param session the session
     * @param entryId the entry id
     * @return the entry, or empty if it is not in the session (never stored, trimmed, expired or cleared)
     */
    Optional<MemoryEntry> get(SessionRef session, String entryId);

    /**
     * How many entries the session holds now.
     *
     * @param session the session
     * @return the count, 0 if the session does not exist
     */
    long size(SessionRef session);

    /**
     * Sets the session's time to live, counted from now. The next append slides it back to the configured TTL.
     *
     * @param session the session
     * @param ttl a positive duration
     * @return {@code true} if the session existed
     * @throws InvalidMemoryRequestException if {@code ttl} is not positive
     */
    boolean expire(SessionRef session, Duration ttl);

    /**
     * Removes every entry of the session. Other sessions, agents and tenants are untouched.
     *
     * @param session the session
     */
    void clear(SessionRef session);

    /**
     * Checks the backend with a real round trip where the backend has one.
     *
     * @return the health; never throws for a down backend, reports {@link Health.Status#DOWN} instead
     * @throws MemoryClosedException if the store is closed
     */
    Health health();

    /** Closes the store: idempotent, bounded in time even while the backend is unreachable. */
    @Override
    void close();
}
