package dev.agentmemory.springai;

import dev.agentmemory.Embedder;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryException;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.ai.embedding.EmbeddingModel;

/**
 * Any Spring AI {@link EmbeddingModel} as an agentmemory {@link Embedder}, so that a long-term store embeds with it
 * and the resilience decorator (retries, timeout, circuit breaker) covers its calls.
 *
 * <p>The dimension is the model's, asked once when this embedder is made (Spring AI's models that do not know it embed
 * a probe text to find out). {@link #embedAll} is one call of the model's {@code embed(List)}. Thread-safe as the
 * model is.
 *
 * <p><b>Errors.</b> A failure Spring AI calls transient, a {@code TransientAiException} (from {@code spring-ai-retry},
 * which Spring AI's model clients use; recognised by class name, so this module does not depend on it and on
 * {@code spring-web}), or any exception caused by an {@link IOException} (as Spring's {@code ResourceAccessException}
 * is), becomes a {@link MemoryConnectionException}, which the resilience decorator retries. Anything else (a
 * {@code NonTransientAiException}: a rejected key or input) is thrown as it is, and the decorator attempts it once. The
 * message names the exception's class only, since client messages may quote URLs with keys in them.
 */
public final class SpringAiEmbedder implements Embedder {

    private static final String BACKEND = "embedder:spring-ai";
    private static final String TRANSIENT_AI_EXCEPTION = "org.springframework.ai.retry.TransientAiException";

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
        Objects.requireNonNull(text, "text");
        return translated("embed", () -> model.embed(text));
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        for (String text : texts) {
            Objects.requireNonNull(text, "text");
        }
        List<float[]> vectors = translated("embedAll", () -> model.embed(texts));
        if (vectors.size() != texts.size()) {
            throw new IllegalStateException("the model returned " + vectors.size() + " embeddings for " + texts.size()
                    + " texts");
        }
        return vectors;
    }

    private static <T> T translated(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (MemoryException e) {
            throw e;
        } catch (RuntimeException e) {
            if (isTransient(e)) {
                throw new MemoryConnectionException(BACKEND, operation, "the Spring AI embedding model failed transiently ("
                        + e.getClass().getName() + ")", e);
            }
            throw e;
        }
    }

    /** A TransientAiException (or a subclass), or a failure caused by an I/O error. */
    static boolean isTransient(Throwable e) {
        for (Class<?> c = e.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(TRANSIENT_AI_EXCEPTION)) {
                return true;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
