package dev.agentmemory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The outermost layer of every short-term store from {@link MemoryStores}: checks every argument and the
 * closed state before anything reaches a decorator or the backend, so that these rules hold for every provider
 * alike.
 */
final class ValidatingShortTermMemory implements ShortTermMemory {

    private final ShortTermMemory delegate;
    private final String backend;
    private final AtomicBoolean closed = new AtomicBoolean();

    ValidatingShortTermMemory(ShortTermMemory delegate, String backend) {
        this.delegate = delegate;
        this.backend = backend;
    }

    @Override
    public MemoryEntry append(SessionRef session, NewEntry entry) {
        check("append", session);
        if (entry == null) {
            throw Requests.invalid("append", "entry must not be null");
        }
        return delegate.append(session, entry);
    }

    @Override
    public List<MemoryEntry> appendAll(SessionRef session, List<NewEntry> entries) {
        check("appendAll", session);
        if (entries == null || entries.isEmpty() || entries.size() > MemoryDefaults.MAX_APPEND_BATCH) {
            throw Requests.invalid("appendAll", "entries: give 1 to " + MemoryDefaults.MAX_APPEND_BATCH
                    + " entries, got " + (entries == null ? "null" : entries.size()));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            NewEntry entry = entries.get(i);
            if (entry == null) {
                throw Requests.invalid("appendAll", "entries: entry " + i + " must not be null");
            }
            if (!ids.add(entry.id())) {
                throw Requests.invalid("appendAll", "entries: entry id " + Requests.quote(entry.id()) + " appears twice");
            }
        }
        return delegate.appendAll(session, List.copyOf(entries));
    }

    @Override
    public List<MemoryEntry> recent(SessionRef session, int limit) {
        check("recent", session);
        if (limit < 1) {
            throw Requests.invalid("recent", "limit must be positive, got " + limit);
        }
        return delegate.recent(session, limit);
    }

    @Override
    public Optional<MemoryEntry> get(SessionRef session, String entryId) {
        check("get", session);
        Requests.id("get", "entry id", entryId);
        return delegate.get(session, entryId);
    }

    @Override
    public long size(SessionRef session) {
        check("size", session);
        return delegate.size(session);
    }

    @Override
    public boolean expire(SessionRef session, Duration ttl) {
        check("expire", session);
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(MemoryDefaults.MAX_TTL_DAYS)) > 0) {
            throw Requests.invalid("expire", "ttl must be positive and at most " + MemoryDefaults.MAX_TTL_DAYS
                    + " days, got " + ttl);
        }
        return delegate.expire(session, ttl);
    }

    @Override
    public void clear(SessionRef session) {
        check("clear", session);
        delegate.clear(session);
    }

    @Override
    public Health health() {
        check("health", null);
        return delegate.health();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            delegate.close();
        }
    }

    private void check(String operation, @Nullable SessionRef session) {
        if (closed.get()) {
            throw new MemoryClosedException(backend, operation, "the store is closed; open a new one");
        }
        if (session == null && !operation.equals("health")) {
            throw Requests.invalid(operation, "session must not be null");
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
