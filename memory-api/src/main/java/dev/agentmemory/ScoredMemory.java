package dev.agentmemory;

/**
 * A search hit. Immutable and thread-safe.
 *
 * @param memory the memory, with its access count and last access as they were after this search
 * @param similarity the score of the query's {@link SearchKind}: for a vector search the cosine similarity between the
 *     query vector and the memory's vector, in [-1, 1]; for a keyword search the text rank, and for a hybrid search the
 *     fused rank score, both in [0, 1] (see {@link SearchKind})
 */
public record ScoredMemory(Memory memory, double similarity) {

    /**
     * Checks that the memory is given.
     *
     * @param memory the memory
     * @param similarity the cosine similarity, in [-1, 1]
     * @throws InvalidMemoryRequestException if {@code memory} is null
     */
    public ScoredMemory {
        Requests.notNull("ScoredMemory", "memory", memory);
    }
}
