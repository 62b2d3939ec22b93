package dev.agentmemory.resilience;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryClosedException;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryTimeoutException;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A short-term store whose backend the test switches between up, down (connection refused), response lost (the
 * write lands, then a timeout), permanently broken, and slow. Idempotent append by id, a server-side sequence. It
 * counts every call that reaches it, so a test can prove that a call did not.
 */
final class FlakyShortTermMemory implements ShortTermMemory {

    static final String BACKEND = "flaky://test";

    enum Mode { UP, DOWN, LOSE_RESPONSE, PERMANENT }

    volatile Mode mode = Mode.UP;
    /** Fail this many next calls with a connection error, then behave as {@link #mode} says. */
    final AtomicInteger failNext = new AtomicInteger();
    volatile Duration latency = Duration.ZERO;
    final AtomicInteger calls = new AtomicInteger();
    final List<Long> callNanos = new CopyOnWriteArrayList<>();
    final AtomicInteger closes = new AtomicInteger();
    private final Map<SessionRef, Map<String, MemoryEntry>> sessions = new ConcurrentHashMap<>();
    private long sequence;

    private void enter(String operation) {
        calls.incrementAndGet();
        callNanos.add(System.nanoTime());
        if (closes.get() > 0) {
            throw new MemoryClosedException(BACKEND, operation, "closed");
        }
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis()); // the simulated round trip, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MemoryConnectionException(BACKEND, operation, "interrupted", e);
            }
        }
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || mode == Mode.DOWN) {
            throw new MemoryConnectionException(BACKEND, operation, "connection refused");
        }
        if (mode == Mode.PERMANENT) {
            throw new MemoryConfigurationException(BACKEND, operation, "authentication failed");
        }
    }

    @Override
    public MemoryEntry append(SessionRef session, NewEntry entry) {
        enter("append");
        MemoryEntry stored;
        synchronized (this) {
            Map<String, MemoryEntry> entries = sessions.computeIfAbsent(session, s -> new LinkedHashMap<>());
            stored = entries.get(entry.id());
            if (stored == null) {
                stored = MemoryEntry.builder(entry).sequence(++sequence).createdAt(Instant.now())
                        .expiresAt(Instant.now().plusSeconds(3600)).build();
                entries.put(entry.id(), stored);
            }
        }
        if (mode == Mode.LOSE_RESPONSE) {
            throw new MemoryTimeoutException(BACKEND, "append", "response lost after the write");
        }
        return stored;
    }

    /** What the backend holds for a session, oldest first, without going through any policy. */
    synchronized List<MemoryEntry> stored(SessionRef session) {
        return new ArrayList<>(sessions.getOrDefault(session, Map.of()).values());
    }

    @Override
    public List<MemoryEntry> recent(SessionRef session, int limit) {
        enter("recent");
        List<MemoryEntry> all = stored(session);
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }

    @Override
    public Optional<MemoryEntry> get(SessionRef session, String entryId) {
        enter("get");
        synchronized (this) {
            return Optional.ofNullable(sessions.getOrDefault(session, Map.of()).get(entryId));
        }
    }

    @Override
    public long size(SessionRef session) {
        enter("size");
        return stored(session).size();
    }

    @Override
    public boolean expire(SessionRef session, Duration ttl) {
        enter("expire");
        return sessions.containsKey(session);
    }

    @Override
    public void clear(SessionRef session) {
        enter("clear");
        synchronized (this) {
            sessions.remove(session);
        }
    }

    @Override
    public Health health() {
        return mode == Mode.UP ? Health.up("flaky up", Duration.ZERO) : Health.down("flaky " + mode);
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }

    @Override
    public String toString() {
        return BACKEND;
    }
}
