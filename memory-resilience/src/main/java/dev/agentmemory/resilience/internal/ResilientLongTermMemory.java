package dev.agentmemory.resilience.internal;

import dev.agentmemory.Embedder;
import dev.agentmemory.Filter;
import dev.agentmemory.Health;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.SearchKind;
import dev.agentmemory.Vector;
import dev.agentmemory.resilience.ResiliencePolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A long-term store behind a {@link ResiliencePolicy}. In {@code BUFFER_WRITES} mode a store that cannot reach the
 * backend is acknowledged with the memory as it will be stored and replayed later (an upsert by id, so idempotent).
 *
 * <p>One layer owns each retry. Given the store's embedder, this wrapper embeds the text of a store or a search first,
 * once, through that embedder (which has its own policy when it is a resilient one), and hands the wrapped store the
 * vector; only the call with the vector goes through this store's retries, attempt timeout, budget and circuit. So
 * the store's attempt timer never interrupts the embedder, a store retry never embeds again, and an embedder that
 * cannot answer fails the call with its own error (it is not the store's backend: no degradation mode applies and
 * nothing is buffered). Without an embedder the wrapped store embeds inside this store's attempts.
 * Thread-safe.
 */
public final class ResilientLongTermMemory implements LongTermMemory {

    private final LongTermMemory store;
    private final @Nullable Embedder embedder;
    private final String backend;
    private final StoreCore core;

    /**
     * @param store the store to wrap; closed by {@link #close()}
     * @param embedder the embedder the wrapped store embeds text with, to embed before the store's attempts; or
     *        {@code null} to leave embedding to the wrapped store, inside them
     * @param backend the backend address, without credentials
     * @param policy the policy
     */
    public ResilientLongTermMemory(LongTermMemory store, @Nullable Embedder embedder, String backend,
                                   ResiliencePolicy policy) {
        this.store = store;
        this.embedder = embedder;
        this.backend = backend;
        this.core = new StoreCore(backend, policy, System::nanoTime, new WriteBuffer.BatchWriter("storeAll",
                (key, items) -> store.storeAll((Scope) key, items.stream().map(NewMemory.class::cast).toList())));
    }

    @Override
    public Memory store(Scope scope, NewMemory memory) {
        return core.observed("store", call -> {
            core.checkOpen("store");
            NewMemory embedded = embeddedAll("store", List.of(memory)).get(0);
            return core.bufferable(call, scope, () -> store.store(scope, embedded),
                    () -> buffered(scope, List.of(embedded), "store", () -> store.store(scope, embedded)),
                    () -> acknowledged(embedded));
        });
    }

    @Override
    public List<Memory> storeAll(Scope scope, List<NewMemory> memories) {
        return core.observed("storeAll", call -> {
            core.checkOpen("storeAll");
            List<NewMemory> copy = embeddedAll("storeAll", List.copyOf(memories));
            return core.bufferable(call, scope, () -> store.storeAll(scope, copy),
                    () -> buffered(scope, copy, "storeAll", () -> store.storeAll(scope, copy)),
                    () -> copy.stream().map(ResilientLongTermMemory::acknowledged).toList());
        });
    }

    /** The memories, each with its vector: those without one embedded in one call, outside the store's attempts. */
    private List<NewMemory> embeddedAll(String operation, List<NewMemory> memories) {
        if (embedder == null) {
            return memories;
        }
        List<String> texts = new ArrayList<>();
        for (NewMemory m : memories) {
            if (m.embedding() == null) {
                texts.add(m.content());
            }
        }
        if (texts.isEmpty()) {
            return memories;
        }
        List<float[]> vectors = texts.size() == 1 ? List.of(embedder.embed(texts.get(0))) : embedder.embedAll(texts);
        if (vectors.size() != texts.size()) {
            throw new MemoryConfigurationException(backend, operation, "the embedder returned " + vectors.size()
                    + " vectors for " + texts.size() + " texts");
        }
        List<NewMemory> result = new ArrayList<>(memories.size());
        int next = 0;
        for (NewMemory m : memories) {
            result.add(m.embedding() != null ? m
                    : m.toBuilder().embedding(checked(operation, vectors.get(next++))).build());
        }
        return result;
    }

    /**
     * A vector or hybrid search by text gets the text's vector, embedded outside the store's attempts; the text stays
     * (a hybrid search's keyword half reads it). A keyword search embeds nothing.
     */
    private MemoryQuery embedded(MemoryQuery query) {
        String text = query.text();
        if (embedder == null || text == null || query.vector() != null || query.kind() == SearchKind.KEYWORD) {
            return query;
        }
        return query.toBuilder().textEmbedding(Vector.of(checked("search", embedder.embed(text)))).build();
    }

    /**
     * The wrapped store would have rejected an embedder's vector of the wrong dimension as a configuration error; a
     * vector handed to it looks like the caller's, so the check happens here.
     */
    private float[] checked(String operation, float[] vector) {
        if (vector.length != store.dimension()) {
            throw new MemoryConfigurationException(backend, operation, "the embedder returned a vector of "
                    + vector.length + " dimensions; the store's dimension is " + store.dimension());
        }
        return vector;
    }

    private static BufferedWrite buffered(Scope scope, List<NewMemory> memories, String operation, Runnable write) {
        List<String> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        long vectors = 0;
        for (NewMemory m : memories) {
            ids.add(m.id());
            texts.add(m.id());
            texts.add(m.content());
            for (Map.Entry<String, Object> e : m.metadata().asMap().entrySet()) {
                texts.add(e.getKey());
                // A number, boolean or UUID is estimated by its text, as a backend writes it.
                texts.add(e.getValue().toString());
            }
            Vector vector = m.embedding();
            vectors += vector == null ? 0 : 4L * vector.dimension();
        }
        return new BufferedWrite(scope, ids, operation, BufferedWrite.estimate(256, texts) + vectors, write, memories);
    }

    private static Memory acknowledged(NewMemory m) {
        return Memory.builder(m).createdAt(Instant.now()).build();
    }

    @Override
    public Optional<Memory> get(Scope scope, String memoryId) {
        return core.observed("get", call -> core.read(call, () -> store.get(scope, memoryId), Optional.empty()));
    }

    @Override
    public List<Memory> list(Scope scope, Filter filter, int limit) {
        return core.observed("list", call -> core.read(call, () -> store.list(scope, filter, limit), List.of()));
    }

    @Override
    public long count(Scope scope, Filter filter) {
        return core.observed("count", call -> core.read(call, () -> store.count(scope, filter), 0L));
    }

    /**
     * Deletes through the retries, never through the write buffer, after the scope's buffered writes (so that a
     * buffered store cannot land after it). Retrying is safe: a second attempt deletes what is left. When the first
     * attempt's response was lost, the count returned is the retry's, which may be lower than what was deleted.
     */
    @Override
    public long deleteAll(Scope scope, Filter filter) {
        return core.observed("deleteAll", call -> core.write(call, scope, () -> store.deleteAll(scope, filter)));
    }

    @Override
    public List<ScoredMemory> search(Scope scope, MemoryQuery query) {
        return core.observed("search", call -> {
            core.checkOpen("search");
            MemoryQuery embedded = embedded(query);
            return core.read(call, () -> store.search(scope, embedded), List.of());
        });
    }

    @Override
    public boolean updateImportance(Scope scope, String memoryId, double importance) {
        return core.observed("updateImportance", call -> core.write(call, scope,
                () -> store.updateImportance(scope, memoryId, importance)));
    }

    @Override
    public boolean delete(Scope scope, String memoryId) {
        return core.observed("delete", call -> core.write(call, scope, () -> store.delete(scope, memoryId)));
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
