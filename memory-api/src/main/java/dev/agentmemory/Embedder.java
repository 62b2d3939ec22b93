package dev.agentmemory;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns text into a vector for similarity search. Plug a real model in by implementing this interface (and,
 * for discovery, by passing it to {@link MemoryStores#longTerm(String, MemoryOptions, Embedder)}).
 *
 * <p>Implementations are thread-safe. A failing embedding service should throw a {@link MemoryException}
 * (the resilience decorator retries transient ones), never a raw client exception.
 */
public interface Embedder {

    /** @return the length of every vector this embedder returns */
    int dimension();

    /**
     * Embeds one text.
     *
     * @param text the text
     * @return a vector of length {@link #dimension()}
     */
    float[] embed(String text);

    /**
     * Embeds several texts; a remote embedder may batch them. The default embeds them one by one.
     *
     * @param texts the texts
     * @return one vector per text, in the same order
     * @throws InvalidMemoryRequestException if {@code texts} is null
     */
    default List<float[]> embedAll(List<String> texts) {
        Requests.notNull("embed", "texts", texts);
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(embed(text));
        }
        return vectors;
    }
}
