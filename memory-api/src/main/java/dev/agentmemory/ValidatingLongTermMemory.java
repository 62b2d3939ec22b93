package dev.agentmemory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The outermost layer of every long-term store from {@link MemoryStores}: checks every argument (vector
 * dimensions included) and the closed state before anything reaches a decorator or the backend.
 */
final class ValidatingLongTermMemory implements LongTermMemory {

    private final LongTermMemory delegate;
    private final String backend;
    private final int dimension;
    private final AtomicBoolean closed = new AtomicBoolean();

    ValidatingLongTermMemory(LongTermMemory delegate, String backend) {
        this.delegate = delegate;
        this.backend = backend;
        this.dimension = delegate.dimension();
    }

    @Override
    public Memory store(Scope scope, NewMemory memory) {
        check("store", scope);
        checkMemory(memory);
        return delegate.store(scope, memory);
    }

    @Override
    public List<Memory> storeAll(Scope scope, List<NewMemory> memories) {
        check("storeAll", scope);
        if (memories == null || memories.isEmpty() || memories.size() > MemoryDefaults.MAX_STORE_BATCH) {
            throw Requests.invalid("storeAll", "give 1 to " + MemoryDefaults.MAX_STORE_BATCH + " memories, got "
                    + (memories == null ? "null" : memories.size()));
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (NewMemory memory : memories) {
            checkMemory(memory);
            if (!ids.add(memory.id())) {
                throw Requests.invalid("storeAll", "memory id " + Requests.quote(memory.id()) + " appears twice");
            }
        }
        return delegate.storeAll(scope, List.copyOf(memories));
    }

    @Override
    public Optional<Memory> get(Scope scope, String memoryId) {
        check("get", scope);
        Requests.id("get", "memory id", memoryId);
        return delegate.get(scope, memoryId);
    }

    @Override
    public List<Memory> list(Scope scope, Filter filter, int limit) {
        check("list", scope);
        Requests.notNull("list", "filter", filter);
        if (limit < 1 || limit > MemoryDefaults.SEARCH_MAX_LIMIT) {
            throw Requests.invalid("list", "limit must be 1 to " + MemoryDefaults.SEARCH_MAX_LIMIT + ", got " + limit);
        }
        return delegate.list(scope, filter, limit);
    }

    @Override
    public long count(Scope scope, Filter filter) {
        check("count", scope);
        Requests.notNull("count", "filter", filter);
        return delegate.count(scope, filter);
    }

    @Override
    public long deleteAll(Scope scope, Filter filter) {
        check("deleteAll", scope);
        Requests.notNull("deleteAll", "filter", filter);
        return delegate.deleteAll(scope, filter);
    }

    @Override
    public List<ScoredMemory> search(Scope scope, MemoryQuery query) {
        check("search", scope);
        if (query == null) {
            throw Requests.invalid("search", "query must not be null");
        }
        Vector vector = query.vector();
        if (vector != null && vector.dimension() != dimension) {
            throw Requests.invalid("search", "query vector has dimension " + vector.dimension() + "; this store's is "
                    + dimension);
        }
        return delegate.search(scope, query);
    }

    @Override
    public boolean updateImportance(Scope scope, String memoryId, double importance) {
        check("updateImportance", scope);
        Requests.id("updateImportance", "memory id", memoryId);
        Requests.unitInterval("updateImportance", "importance", importance);
        return delegate.updateImportance(scope, memoryId, importance);
    }

    @Override
    public boolean delete(Scope scope, String memoryId) {
        check("delete", scope);
        Requests.id("delete", "memory id", memoryId);
        return delegate.delete(scope, memoryId);
    }

    @Override
    public int dimension() {
        return dimension;
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

    private void checkMemory(@Nullable NewMemory memory) {
        if (memory == null) {
            throw Requests.invalid("store", "memory must not be null");
        }
        Vector vector = memory.embedding();
        if (vector != null && vector.dimension() != dimension) {
            throw Requests.invalid("store", "memory vector has dimension " + vector.dimension() + "; this store's is "
                    + dimension);
        }
    }

    private void check(String operation, @Nullable Scope scope) {
        if (closed.get()) {
            throw new MemoryClosedException(backend, operation, "the store is closed; open a new one");
        }
        if (scope == null && !operation.equals("health")) {
            throw Requests.invalid(operation, "scope must not be null");
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
