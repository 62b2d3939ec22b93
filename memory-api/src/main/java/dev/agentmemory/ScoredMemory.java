package dev.agentmemory;

/**
 * A search hit. Immutable and thread-safe.
 *
 * @param memory the memory, with its access count and last access as they were after this search
 * @param similarity cosine similarity between the query vector and the memory's vector, in [-1, 1]
 */
public record ScoredMemory(Memory memory, double similarity) {

    /**
     * Checks that the memory is given.
     *
     * @param memory the memory, with its access count and last access as they were after this search
     * @param similarity cosine similarity between the query vector and the memory's vector, in [-1, 1]
     * @throws InvalidMemoryRequestException if {@code memory} is null
     */
    public ScoredMemory {
        Requests.notNull("ScoredMemory", "memory", memory);
    }
}
