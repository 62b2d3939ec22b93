package dev.agentmemory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Durable memories of one scope, searched by similarity.
 *
 * <p>Contract, checked by the TCK for every provider:
 * <ul>
 *   <li>{@link #store} upserts by id: storing the same id again replaces the memory, so a retried store is
 *       idempotent.</li>
 *   <li>Search applies scope and filters first, ranks by cosine similarity, drops results below the query's
 *       minimum similarity, never returns an expired memory, and counts an access on every hit.</li>
 *   <li>Every argument is validated before any I/O, including the vector dimension against
 *       {@link #dimension()}; invalid input throws {@link InvalidMemoryRequestException} and changes nothing.</li>
 *   <li>An {@link Embedder} that returns a vector whose length is not its declared {@link Embedder#dimension()}
 *       fails the call with {@link MemoryConfigurationException}, and nothing is stored: the request is fine, the
 *       store's embedder is not, and retrying the same request cannot help.</li>
 *   <li>Content, metadata and importance read back exactly as given; importance as the same {@code double}.</li>
 *   <li>No operation crosses tenant or agent, whatever ids it is given.</li>
 *   <li>{@link #close()} is idempotent; afterwards every call throws {@link MemoryClosedException}.</li>
 * </ul>
 * Implementations are thread-safe.
 */
public interface LongTermMemory extends AutoCloseable {

    /**
     * Stores a memory, replacing any memory of the same id in the scope. Embeds the content with the store's
     * {@link Embedder} when the memory carries no vector. A replacement takes every field of the new memory
     * but keeps the stored {@code createdAt}, {@code accessCount} and {@code lastAccessedAt}, so that a retried
     * store is idempotent and an update does not reset the memory's history.
     *
     * @param scope the tenant and agent
     * @param memory the memory
     * @return the stored memory
     * @throws InvalidMemoryRequestException if the vector's dimension is not {@link #dimension()}
     * @throws MemoryConfigurationException if the embedder returned a vector of another dimension than it declares
     */
    Memory store(Scope scope, NewMemory memory);

    /**
     * Stores several memories; a provider may do it in one round trip and one transaction. The default stores
     * them one by one.
     *
     * @param scope the tenant and agent
     * @param memories the memories
     * @return the stored memories, in the same order
     */
    default List<Memory> storeAll(Scope scope, List<NewMemory> memories) {
        List<Memory> stored = new ArrayList<>(memories.size());
        for (NewMemory memory : memories) {
            stored.add(store(scope, memory));
        }
        return stored;
    }

    /**
     * One memory by id. Expired memories are not returned.
     *
     * @param scope the tenant and agent
     * @param memoryId the id
     * @return the memory, or empty if it does not exist in this scope or has expired
     */
    Optional<Memory> get(Scope scope, String memoryId);

    /**
     * The scope's memories, most important first, then newest first. Expired memories are left out. The same as
     * {@code list(scope, Filter.all(), limit)}.
     *
     * @param scope the tenant and agent
     * @param limit 1 to {@value MemoryDefaults#SEARCH_MAX_LIMIT}
     * @return at most {@code limit} memories
     */
    default List<Memory> list(Scope scope, int limit) {
        return list(scope, Filter.all(), limit);
    }

    /**
     * The scope's memories that pass a filter, most important first, then newest first. Expired memories are left
     * out.
     *
     * @param scope the tenant and agent
     * @param filter the condition on the metadata ({@link Filter#all()} for every memory)
     * @param limit 1 to {@value MemoryDefaults#SEARCH_MAX_LIMIT}
     * @return at most {@code limit} memories
     */
    List<Memory> list(Scope scope, Filter filter, int limit);

    /**
     * How many of the scope's memories pass a filter. Expired memories are not counted.
     *
     * @param scope the tenant and agent
     * @param filter the condition on the metadata ({@link Filter#all()} for every memory)
     * @return the number of memories
     */
    long count(Scope scope, Filter filter);

    /**
     * Deletes every memory of the scope that passes a filter, in one statement (one transaction) where the backend
     * has them. Expired memories that are still stored and pass the filter are deleted too, so that nothing of the
     * scope's matching data stays behind.
     *
     * @param scope the tenant and agent
     * @param filter the condition on the metadata ({@link Filter#all()} deletes the whole scope)
     * @return how many memories were deleted, expired ones included: without expired memories, what
     *     {@link #count(Scope, Filter)} returned for the same filter just before
     */
    long deleteAll(Scope scope, Filter filter);

    /**
     * The memories most similar to the query, best first.
     *
     * @param scope the tenant and agent
     * @param query the query
     * @return at most {@code query.limit()} hits at or above {@code query.minSimilarity()}
     * @throws MemoryConfigurationException if the embedder returned a vector of another dimension than it declares
     */
    List<ScoredMemory> search(Scope scope, MemoryQuery query);

    /**
     * Changes a memory's importance.
     *
     * @param scope the tenant and agent
     * @param memoryId the id
     * @param importance in [0, 1]
     * @return {@code true} if the memory existed in this scope
     */
    boolean updateImportance(Scope scope, String memoryId, double importance);

    /**
     * Deletes a memory.
     *
     * @param scope the tenant and agent
     * @param memoryId the id
     * @return {@code true} if the memory existed in this scope
     */
    boolean delete(Scope scope, String memoryId);

    /**
     * The dimension every vector stored or searched must have.
     *
     * @return the embedder's dimension
     */
    int dimension();

    /**
     * Checks the backend with a real round trip where the backend has one.
     *
     * @return the health; never throws for a down backend
     * @throws MemoryClosedException if the store is closed
     */
    Health health();

    /** Closes the store: idempotent, bounded in time even while the backend is unreachable. */
    @Override
    void close();
}
