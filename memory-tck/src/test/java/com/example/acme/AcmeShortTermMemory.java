package com.example.acme;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions in a map, guarded by this object's lock. MemoryStores already checks every argument and the closed
 * state before a call gets here, so the store only has to keep the contract. Thread-safe.
 */
final class AcmeShortTermMemory implements ShortTermMemory {

    private static final class Session {
        final List<MemoryEntry> entries = new ArrayList<>();
        Instant expiresAt = Instant.MAX;
    }

    private final Duration ttl;
    private final int maxEntries;
    private final Map<SessionRef, Session> sessions = new HashMap<>(); // SessionRef equality keeps scopes apart
    private long nextSequence = 1; // one counter for all sessions: clear and expiry never make a sequence reused

    AcmeShortTermMemory(Duration ttl, int maxEntries) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    @Override
    public synchronized MemoryEntry append(SessionRef ref, NewEntry entry) {
        Instant now = Instant.now();
        Session session = sessions.computeIfAbsent(ref, r -> new Session());
        if (!session.expiresAt.isAfter(now)) {
            session = new Session();
            sessions.put(ref, session);
        }
        session.expiresAt = now.plus(ttl); // the sliding TTL
        for (MemoryEntry stored : session.entries) {
            if (stored.id().equals(entry.id())) {
                return stored.withExpiresAt(session.expiresAt); // idempotent: a retried append stores nothing
            }
        }
        MemoryEntry stored = MemoryEntry.builder(entry).sequence(nextSequence++).createdAt(now)
                .expiresAt(session.expiresAt).build();
        session.entries.add(stored);
        while (session.entries.size() > maxEntries) {
            session.entries.remove(0);
        }
        return stored;
    }

    @Override
    public synchronized List<MemoryEntry> recent(SessionRef ref, int limit) {
        Session session = live(ref);
        if (session == null) {
            return List.of();
        }
        List<MemoryEntry> entries = session.entries;
        return entries.subList(Math.max(0, entries.size() - limit), entries.size()).stream()
                .map(e -> e.withExpiresAt(session.expiresAt)).toList();
    }

    @Override
    public synchronized Optional<MemoryEntry> get(SessionRef ref, String entryId) {
        Session session = live(ref);
        if (session == null) {
            return Optional.empty();
        }
        return session.entries.stream().filter(e -> e.id().equals(entryId)).findFirst()
                .map(e -> e.withExpiresAt(session.expiresAt));
    }

    @Override
    public synchronized long size(SessionRef ref) {
        Session session = live(ref);
        return session == null ? 0 : session.entries.size();
    }

    @Override
    public synchronized boolean expire(SessionRef ref, Duration newTtl) {
        Session session = live(ref);
        if (session == null) {
            return false;
        }
        session.expiresAt = Instant.now().plus(newTtl);
        return true;
    }

    @Override
    public synchronized void clear(SessionRef ref) {
        sessions.remove(ref);
    }

    @Override
    public Health health() {
        return Health.up("acme: in process", Duration.ZERO);
    }

    @Override
    public synchronized void close() {
        sessions.clear();
    }

    /** The session, or null if it does not exist or has expired (then it is dropped). */
    private Session live(SessionRef ref) {
        Session session = sessions.get(ref);
        if (session != null && !session.expiresAt.isAfter(Instant.now())) {
            sessions.remove(ref);
            return null;
        }
        return session;
    }
}
