package dev.agentmemory.resilience.internal;

import dev.agentmemory.Health;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.resilience.ResiliencePolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A long-term store behind a {@link ResiliencePolicy}. In {@code BUFFER_WRITES} mode a store that cannot reach the
 * backend is acknowledged with the memory as it will be stored and replayed later (an upsert by id, so idempotent).
 * Thread-safe.
 */
public final class ResilientLongTermMemory implements LongTermMemory {

    private final LongTermMemory store;
    private final String backend;
    private final StoreCore core;

    /**
     * @param store the store to wrap; closed by {@link #close()}
     * @param backend the backend address, without credentials
     * @param policy the policy
     */
    public ResilientLongTermMemory(LongTermMemory store, String backend, ResiliencePolicy policy) {
        this.store = store;
        this.backend = backend;
        this.core = new StoreCore(backend, policy);
    }

    @Override
    public Memory store(Scope scope, NewMemory memory) {
        return core.bufferable(scope, "store", () -> store.store(scope, memory),
                () -> buffered(scope, List.of(memory), "store", () -> store.store(scope, memory)),
                () -> acknowledged(memory));
    }

    @Override
    public List<Memory> storeAll(Scope scope, List<NewMemory> memories) {
        List<NewMemory> copy = List.copyOf(memories);
        return core.bufferable(scope, "storeAll", () -> store.storeAll(scope, copy),
                () -> buffered(scope, copy, "storeAll", () -> store.storeAll(scope, copy)),
                () -> copy.stream().map(ResilientLongTermMemory::acknowledged).toList());
    }

    private static BufferedWrite buffered(Scope scope, List<NewMemory> memories, String operation, Runnable write) {
        List<String> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        long vectors = 0;
        for (NewMemory m : memories) {
            ids.add(m.id());
            texts.add(m.id());
            texts.add(m.content());
            for (Map.Entry<String, String> e : m.metadata().entrySet()) {
                texts.add(e.getKey());
                texts.add(e.getValue());
            }
            float[] vector = m.embedding();
            vectors += vector == null ? 0 : 4L * vector.length;
        }
        return new BufferedWrite(scope, ids, operation, BufferedWrite.estimate(256, texts) + vectors, write);
    }

    private static Memory acknowledged(NewMemory m) {
        return new Memory(m.id(), m.type(), m.content(), m.importance(), m.metadata(), m.userId(), m.sessionId(),
                Instant.now(), null, 0, m.expiresAt());
    }

    @Override
    public Optional<Memory> get(Scope scope, String memoryId) {
        return core.read("get", () -> store.get(scope, memoryId), Optional.empty());
    }

    @Override
    public List<Memory> list(Scope scope, int limit) {
        return core.read("list", () -> store.list(scope, limit), List.of());
    }

    @Override
    public List<ScoredMemory> search(Scope scope, MemoryQuery query) {
        return core.read("search", () -> store.search(scope, query), List.of());
    }

    @Override
    public boolean updateImportance(Scope scope, String memoryId, double importance) {
        return core.write(scope, "updateImportance", () -> store.updateImportance(scope, memoryId, importance));
    }

    @Override
    public boolean delete(Scope scope, String memoryId) {
        return core.write(scope, "delete", () -> store.delete(scope, memoryId));
    }

    @Override
    public int dimension() {
        return store.dimension();
    }

    @Override
    public Health health() {
        return core.health(store::health);
    }

    /**
     * Flushes buffered stores (within {@code resilience.buffer.flush-timeout}), closes the wrapped store and stops
     * every thread. Idempotent.
     *
     * @throws dev.agentmemory.MemoryUnavailableException after closing, if acknowledged stores could not be written;
     *         the message lists their ids
     */
    @Override
    public void close() {
        core.close(store::close);
    }

    @Override
    public String toString() {
        return "resilient(" + backend + ")";
    }
}
