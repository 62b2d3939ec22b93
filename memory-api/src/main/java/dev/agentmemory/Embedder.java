package dev.agentmemory;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns text into a vector for similarity search. Plug a real model in by implementing this interface (and,
 * for discovery, by passing it to {@link MemoryStores#longTerm(String, MemoryOptions, Embedder)}).
 *
 * <p>Implementations are thread-safe. A failing embedding service should throw a {@link MemoryException}
 * (the resilience decorator retries transient ones), never a raw client exception.
 *
 * <p>An embedder returns a {@code float[]}, not a {@link Vector}: it is implemented by users over model clients that
 * hand out arrays, and a store checks and copies what it returns anyway (its length against {@link #dimension()}, a
 * mismatch being the embedder's fault, a {@link MemoryConfigurationException}). A store never keeps the array it is
 * given, so an implementation may return an array it does not use again without copying it. To put an embedder's
 * output in a request, give the array to {@link NewMemory.Builder#embedding(float[])} or
 * {@link MemoryQuery#vector(float[])}, or wrap it with {@link Vector#of(float...)}.
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
