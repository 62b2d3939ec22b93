package dev.agentmemory.springai;

import dev.agentmemory.Embedder;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.embedding.EmbeddingModel;

/**
 * Any Spring AI {@link EmbeddingModel} as an agentmemory {@link Embedder}, so that a long-term store embeds with it
 * and the resilience decorator (retries, timeout, circuit breaker) covers its calls.
 *
 * <p>The dimension is the model's, asked once when this embedder is made (Spring AI's models that do not know it embed
 * a probe text to find out). {@link #embedAll} is one call of the model's {@code embed(List)}. Thread-safe as the
 * model is.
 */
public final class SpringAiEmbedder implements Embedder {

    private final EmbeddingModel model;
    private final int dimension;

    /**
     * An embedder over a Spring AI model.
     *
     * @param model the model
     */
    public SpringAiEmbedder(EmbeddingModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.dimension = model.dimensions();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] embed(String text) {
        return model.embed(Objects.requireNonNull(text, "text"));
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        for (String text : texts) {
            Objects.requireNonNull(text, "text");
        }
        List<float[]> vectors = model.embed(texts);
        if (vectors.size() != texts.size()) {
            throw new IllegalStateException("the model returned " + vectors.size() + " embeddings for " + texts.size()
                    + " texts");
        }
        return vectors;
    }
}
