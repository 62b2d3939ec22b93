package dev.agentmemory.resilience.internal;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend the test switches between refusing every call and answering it. Each call is counted and runs the
 * test's hook first, so that a test can move its clock by the time a call would take.
 */
final class SwitchableStore implements ShortTermMemory {

    private final String backend;
    private final Runnable onCall;
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean up;

    SwitchableStore(String backend) {
        this(backend, () -> { });
    }

    SwitchableStore(String backend, Runnable onCall) {
        this.backend = backend;
        this.onCall = onCall;
    }

    private void enter(String operation) {
        calls.incrementAndGet();
        onCall.run();
        if (!up) {
            throw new MemoryConnectionException(backend, operation, "connection refused");
        }
    }

    @Override
    public MemoryEntry append(SessionRef session, NewEntry entry) {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public List<MemoryEntry> recent(SessionRef session, int limit) {
        enter("recent");
        return List.of();
    }

    @Override
    public Optional<MemoryEntry> get(SessionRef session, String entryId) {
        enter("get");
        return Optional.empty();
    }

    @Override
    public long size(SessionRef session) {
        enter("size");
        return 0;
    }

    @Override
    public boolean expire(SessionRef session, Duration ttl) {
        enter("expire");
        return false;
    }

    @Override
    public void clear(SessionRef session) {
        enter("clear");
    }

    @Override
    public Health health() {
        return up ? Health.up("up", Duration.ZERO) : Health.down("refused");
    }

    @Override
    public void close() {
    }
}
