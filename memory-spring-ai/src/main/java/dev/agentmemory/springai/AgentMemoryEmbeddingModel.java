package dev.agentmemory.springai;

import dev.agentmemory.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * An agentmemory {@link Embedder} as a Spring AI {@link EmbeddingModel}: for example the dependency-free
 * {@code HashingEmbedder} in tests and offline demos, or an embedder already wrapped by the resilience decorator.
 *
 * <p>{@link #call} embeds the request's texts in one {@code embedAll}; request options (model name, dimensions) do not
 * apply and are ignored, since the embedder has one model and one dimension. A document is embedded by its text (a
 * document without text is rejected). Thread-safe as the embedder is.
 */
public final class AgentMemoryEmbeddingModel implements EmbeddingModel {

    private final Embedder embedder;

    /**
     * A Spring AI embedding model over an embedder.
     *
     * @param embedder the embedder
     */
    public AgentMemoryEmbeddingModel(Embedder embedder) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
    }

    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
        Objects.requireNonNull(request, "request");
        List<String> texts = request.getInstructions();
        List<float[]> vectors = texts.isEmpty() ? List.of() : embedder.embedAll(texts);
        List<Embedding> embeddings = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            embeddings.add(new Embedding(vectors.get(i), i));
        }
        return new EmbeddingResponse(embeddings);
    }

    @Override
    public float[] embed(String text) {
        return embedder.embed(Objects.requireNonNull(text, "text"));
    }

    @Override
    public float[] embed(Document document) {
        Objects.requireNonNull(document, "document");
        String text = document.getText();
        if (text == null) {
            throw new IllegalArgumentException("document " + document.getId() + " has no text to embed");
        }
        return embedder.embed(text);
    }

    @Override
    public int dimensions() {
        return embedder.dimension();
    }
}
