package dev.agentmemory.bench.recovery;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the appends that reach the provider: placed between the resilience decorator and the provider, it sees
 * every attempt the policy lets through (the first one and each retry), and none of the calls that the open
 * circuit or the bulkhead turn away. Everything else passes through uncounted. Thread-safe if the store is.
 */
final class CountingShortTermMemory implements ShortTermMemory {

    private final ShortTermMemory store;
    private final AtomicLong appends = new AtomicLong();

    CountingShortTermMemory(ShortTermMemory store) {
        this.store = store;
    }

    /** @return appends that reached the provider so far */
    long appends() {
        return appends.get();
    }

    @Override
    public MemoryEntry append(SessionRef session, NewEntry entry) {
        appends.incrementAndGet();
        return store.append(session, entry);
    }

    @Override
    public List<MemoryEntry> recent(SessionRef session, int limit) {
        return store.recent(session, limit);
    }

    @Override
    public Optional<MemoryEntry> get(SessionRef session, String entryId) {
        return store.get(session, entryId);
    }

    @Override
    public long size(SessionRef session) {
        return store.size(session);
    }

    @Override
    public boolean expire(SessionRef session, Duration ttl) {
        return store.expire(session, ttl);
    }

    @Override
    public void clear(SessionRef session) {
        store.clear(session);
    }

    @Override
    public Health health() {
        return store.health();
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "Counting[" + store + "]";
    }
}
