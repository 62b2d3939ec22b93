package dev.agentmemory.langchain4j;

import dev.agentmemory.Embedder;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Any LangChain4j {@link EmbeddingModel} as an agentmemory {@link Embedder}, so that a long-term store embeds with
 * it and the resilience decorator (retries, timeout, circuit breaker) covers its calls.
 *
 * <p>The dimension is the model's, asked once when this embedder is made (a model that does not know it embeds a
 * probe text to find out). {@link #embedAll} is one call of the model's {@code embedAll}. Thread-safe as the model is.
 */
public final class LangChain4jEmbedder implements Embedder {

    private final EmbeddingModel model;
    private final int dimension;

    /**
     * An embedder over a LangChain4j model.
     *
     * @param model the model, for example the offline {@code AllMiniLmL6V2EmbeddingModel}
     */
    public LangChain4jEmbedder(EmbeddingModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.dimension = model.dimension();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] embed(String text) {
        return model.embed(Objects.requireNonNull(text, "text")).content().vector();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String text : texts) {
            segments.add(TextSegment.from(Objects.requireNonNull(text, "text")));
        }
        List<Embedding> embeddings = model.embedAll(segments).content();
        if (embeddings.size() != texts.size()) {
            throw new IllegalStateException("the model returned " + embeddings.size() + " embeddings for "
                    + texts.size() + " texts");
        }
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        for (Embedding embedding : embeddings) {
            vectors.add(embedding.vector());
        }
        return vectors;
    }
}
