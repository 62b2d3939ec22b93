package dev.agentmemory.resilience.internal;

import dev.agentmemory.Embedder;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.resilience.ResiliencePolicy;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * An embedder behind a {@link ResiliencePolicy}: the same retries, budget, attempt timeout, circuit breaker and
 * bulkhead as a store (no degradation: a text that cannot be embedded has no useful empty answer).
 *
 * <p>An embedder should throw {@link MemoryException}s. A raw exception is translated before the policy sees it:
 * {@link UncheckedIOException} (an I/O failure talking to the embedding service) becomes a transient
 * {@link MemoryConnectionException} and is retried; any other {@link RuntimeException} becomes a permanent
 * {@link MemoryUnavailableException}, attempted once and not counted by the circuit, because nothing says that
 * trying again could help (it is as likely a bug or a rejected input as a blip) and retrying it would only multiply
 * the load. The original is kept as the cause; its message is not copied, since client exceptions may quote request
 * URLs with keys in them.
 *
 * <p>The embedder holds no thread while idle: the attempt timer's thread exits after a second without work.
 * Thread-safe.
 */
public final class ResilientEmbedder implements Embedder {

    private final Embedder embedder;
    private final String backend;
    private final ResilienceEvents events;
    private final CallGuard guard;

    /**
     * @param embedder the embedder to wrap
     * @param backend a name for messages and logs, for example {@code embedder:com.example.OpenAiEmbedder}
     * @param policy the policy
     */
    public ResilientEmbedder(Embedder embedder, String backend, ResiliencePolicy policy) {
        this.embedder = embedder;
        this.backend = backend;
        this.events = new ResilienceEvents(backend, policy, System::nanoTime);
        this.guard = new CallGuard(backend, policy, events);
    }

    @Override
    public int dimension() {
        return embedder.dimension();
    }

    @Override
    public float[] embed(String text) {
        return events.observed("embed", call -> guard.call("embed",
                () -> translated("embed", () -> embedder.embed(text))));
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        return events.observed("embedAll", call -> guard.call("embedAll",
                () -> translated("embedAll", () -> embedder.embedAll(texts))));
    }

    private <T> T translated(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (MemoryException e) {
            throw e;
        } catch (UncheckedIOException e) {
            throw new MemoryConnectionException(backend, operation, "the embedding service failed with an I/O error ("
                    + e.getCause().getClass().getName() + ")", e);
        } catch (RuntimeException e) {
            throw new MemoryUnavailableException(backend, operation, "the embedder threw "
                    + e.getClass().getName() + "; an Embedder should throw a MemoryException", e);
        }
    }

    @Override
    public String toString() {
        return "resilient(" + backend + ")";
    }
}
