package dev.agentmemory.inmemory;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryClosedException;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Short-term memory in a {@link ConcurrentHashMap} of sessions. Every operation on a session runs inside the
 * map's per-key {@code compute}, which makes append (add, trim, TTL refresh) atomic and gives concurrent
 * appends one total order, as the server-side sequence does in the network backends.
 */
final class InMemoryShortTermMemory implements ShortTermMemory {

    static final String BACKEND = "mem:";
    private static final int SWEEP_EVERY = 1024;

    private final ConcurrentHashMap<SessionRef, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong appends = new AtomicLong();
    /**
     * One counter for every session of the store: a session that is cleared or expires loses its entries but never
     * gets a sequence it had before, because this counter does not start over with it.
     */
    private final AtomicLong sequences = new AtomicLong();
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;

    /** A session's entries in sequence order, by id. Only touched inside {@code compute} for its key. */
    private static final class Session {
        final LinkedHashMap<String, Stored> entries = new LinkedHashMap<>();
        Instant expiresAt;
        /** The createdAt of the newest entry: the next one is never earlier, even if the clock steps back. */
        Instant lastCreatedAt;

        Session(Instant now) {
            this.expiresAt = now;
            this.lastCreatedAt = now;
        }
    }

    private record Stored(String id, long sequence, String role, String content, Map<String, String> metadata,
                          double importance, Instant createdAt) {
        MemoryEntry toEntry(Instant expiresAt) {
            return MemoryEntry.builder().id(id).sequence(sequence).role(role).content(content).metadata(metadata)
                    .importance(importance).createdAt(createdAt).expiresAt(expiresAt).build();
        }
    }

    InMemoryShortTermMemory(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public MemoryEntry append(SessionRef session, NewEntry entry) {
        return appendInOrder("append", session, List.of(entry)).get(0);
    }

    @Override
    public List<MemoryEntry> appendAll(SessionRef session, List<NewEntry> entries) {
        return appendInOrder("appendAll", session, entries);
    }

    /** One {@code compute}: the entries are appended one after the other, with no other call on the session between. */
    private List<MemoryEntry> appendInOrder(String operation, SessionRef session, List<NewEntry> entries) {
        open(operation);
        Instant now = now();
        List<MemoryEntry> results = new ArrayList<>(entries.size());
        sessions.compute(session, (key, current) -> {
            Session s = current == null || expired(current, now) ? new Session(now) : current;
            s.expiresAt = now.plus(ttl);
            for (NewEntry entry : entries) {
                results.add(appendTo(s, entry).toEntry(s.expiresAt));
            }
            return s;
        });
        long after = appends.addAndGet(entries.size());
        if (after / SWEEP_EVERY != (after - entries.size()) / SWEEP_EVERY) {
            sweep(now);
        }
        return List.copyOf(results);
    }

    /** Appends one entry to a live session and trims it; only called inside {@code compute} for the session. */
    private Stored appendTo(Session s, NewEntry entry) {
        Stored existing = s.entries.get(entry.id());
        if (existing != null) {
            return existing;
        }
        // Taken inside compute, with the sequence: an append that waited for this session is numbered and
        // timed after the one it waited for.
        Instant createdAt = now();
        if (createdAt.isBefore(s.lastCreatedAt)) {
            createdAt = s.lastCreatedAt;
        }
        s.lastCreatedAt = createdAt;
        Stored stored = new Stored(entry.id(), sequences.incrementAndGet(), entry.role(), entry.content(),
                entry.metadata(), entry.importance(), createdAt);
        s.entries.put(stored.id(), stored);
        Iterator<Stored> oldest = s.entries.values().iterator();
        while (s.entries.size() > maxEntries) {
            oldest.next();
            oldest.remove();
        }
        return stored;
    }

    @Override
    public List<MemoryEntry> recent(SessionRef session, int limit) {
        open("recent");
        List<MemoryEntry> out = new ArrayList<>();
        read(session, s -> {
            int skip = Math.max(0, s.entries.size() - limit);
            for (Stored stored : s.entries.values()) {
                if (skip-- <= 0) {
                    out.add(stored.toEntry(s.expiresAt));
                }
            }
        });
        return List.copyOf(out);
    }

    @Override
    public Optional<MemoryEntry> get(SessionRef session, String entryId) {
        open("get");
        MemoryEntry[] found = new MemoryEntry[1];
        read(session, s -> {
            Stored stored = s.entries.get(entryId);
            if (stored != null) {
                found[0] = stored.toEntry(s.expiresAt);
            }
        });
        return Optional.ofNullable(found[0]);
    }

    @Override
    public long size(SessionRef session) {
        open("size");
        long[] size = new long[1];
        read(session, s -> size[0] = s.entries.size());
        return size[0];
    }

    @Override
    public boolean expire(SessionRef session, Duration ttl) {
        open("expire");
        Instant expiresAt = now().plus(ttl);
        boolean[] existed = new boolean[1];
        read(session, s -> {
            s.expiresAt = expiresAt;
            existed[0] = true;
        });
        return existed[0];
    }

    @Override
    public void clear(SessionRef session) {
        open("clear");
        sessions.remove(session);
    }

    @Override
    public Health health() {
        open("health");
        return Health.up("in-memory, " + sessions.size() + " sessions", Duration.ZERO)
                .with("provider", "inmemory");
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            sessions.clear();
        }
    }

    /** Runs {@code action} on the live session, atomically; removes the session instead if it has expired. */
    private void read(SessionRef session, java.util.function.Consumer<Session> action) {
        Instant now = now();
        sessions.computeIfPresent(session, (key, s) -> {
            if (expired(s, now)) {
                return null;
            }
            action.accept(s);
            return s;
        });
    }

    private void sweep(Instant now) {
        sessions.entrySet().removeIf(e -> expired(e.getValue(), now));
    }

    private static boolean expired(Session s, Instant now) {
        return !s.expiresAt.isAfter(now);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void open(String operation) {
        if (closed.get()) {
            throw new MemoryClosedException(BACKEND, operation, "the store is closed; open a new one");
        }
    }

    @Override
    public String toString() {
        return "InMemoryShortTermMemory{ttl=" + ttl + ", maxEntries=" + maxEntries + "}";
    }
}
