package dev.agentmemory.resilience;

import dev.agentmemory.Embedder;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** An embedder that throws what the test says for its first calls, then embeds; it counts every call. */
final class ScriptedEmbedder implements Embedder {
    final AtomicInteger calls = new AtomicInteger();
    final Embedder real;
    private final int failures;
    private final Supplier<RuntimeException> failure;

    ScriptedEmbedder(Embedder real, int failures, Supplier<RuntimeException> failure) {
        this.real = real;
        this.failures = failures;
        this.failure = failure;
    }

    @Override
    public int dimension() {
        return real.dimension();
    }

    @Override
    public float[] embed(String text) {
        if (calls.incrementAndGet() <= failures) {
            throw failure.get();
        }
        return real.embed(text);
    }
}
