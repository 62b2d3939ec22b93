package dev.agentmemory.resilience;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The in-memory store ({@code mem:}, without its own resilience) behind a backend the test can take down, give a
 * fixed latency per round trip, make fail once after storing part of a batch, and hold at a numbered
 * {@code appendAll}; it counts round trips and records the size of every {@code appendAll} that succeeded.
 */
final class CountingShortTermMemory implements ShortTermMemory {

    static final String BACKEND = "counting://test";

    private final ShortTermMemory delegate = MemoryStores.shortTerm("mem:", MemoryOptions.of("resilience.enabled",
            "false"));
    volatile boolean down;
    /** Added to every round trip: a network's and a server's time per call. */
    volatile Duration latency = Duration.ZERO;
    /** The next appendAll stores this many of its entries, then fails as a lost connection (once). */
    final AtomicInteger failAfterStoring = new AtomicInteger(-1);
    /** Called with the number (from 1) of each appendAll that reaches the backend while it is up, before it writes. */
    volatile Consumer<Integer> beforeAppendAll = n -> { };
    final AtomicInteger roundTrips = new AtomicInteger();
    final AtomicInteger appendAllCalls = new AtomicInteger();
    final List<Integer> appendAllSizes = new CopyOnWriteArrayList<>();
    final AtomicInteger appendCalls = new AtomicInteger();

    private void enter(String operation) {
        roundTrips.incrementAndGet();
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis()); // the simulated round trip, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MemoryConnectionException(BACKEND, operation, "interrupted", e);
            }
        }
        if (down) {
            throw new MemoryConnectionException(BACKEND, operation, "connection refused");
        }
    }

    @Override
    public MemoryEntry append(SessionRef session, NewEntry entry) {
        enter("append");
        appendCalls.incrementAndGet();
        return delegate.append(session, entry);
    }

    @Override
    public List<MemoryEntry> appendAll(SessionRef session, List<NewEntry> entries) {
        enter("appendAll");
        beforeAppendAll.accept(appendAllCalls.incrementAndGet());
        int storeFirst = failAfterStoring.getAndSet(-1);
        if (storeFirst >= 0) {
            for (NewEntry e : entries.subList(0, storeFirst)) {
                delegate.append(session, e);
            }
            throw new MemoryConnectionException(BACKEND, "appendAll", "connection lost after " + storeFirst
                    + " of " + entries.size() + " entries were stored");
        }
        List<MemoryEntry> stored = delegate.appendAll(session, entries);
        appendAllSizes.add(entries.size());
        return stored;
    }

    /** The ids the backend holds for a session, oldest first, without any latency or fault. */
    List<String> storedIds(SessionRef session) {
        return delegate.recent(session, 100).stream().map(MemoryEntry::id).toList();
    }

    @Override
    public List<MemoryEntry> recent(SessionRef session, int limit) {
        enter("recent");
        return delegate.recent(session, limit);
    }

    @Override
    public Optional<MemoryEntry> get(SessionRef session, String entryId) {
        enter("get");
        return delegate.get(session, entryId);
    }

    @Override
    public long size(SessionRef session) {
        enter("size");
        return delegate.size(session);
    }

    @Override
    public boolean expire(SessionRef session, Duration ttl) {
        enter("expire");
        return delegate.expire(session, ttl);
    }

    @Override
    public void clear(SessionRef session) {
        enter("clear");
        delegate.clear(session);
    }

    @Override
    public Health health() {
        return down ? Health.down("counting down") : Health.up("counting up", Duration.ZERO);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return BACKEND;
    }
}
