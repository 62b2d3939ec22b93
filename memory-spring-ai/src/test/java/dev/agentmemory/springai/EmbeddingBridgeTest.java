package dev.agentmemory.springai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.HashingEmbedder;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;

/** Both directions of the embedding bridge, and a Spring AI model under the resilience decorator. */
class EmbeddingBridgeTest {

    private final HashingEmbedder hashing = new HashingEmbedder(32);

    @Test
    void anEmbedderAsASpringModelAndBackGivesTheSameVectors() {
        EmbeddingModel model = new AgentMemoryEmbeddingModel(hashing);
        assertEquals(32, model.dimensions());
        assertArrayEquals(hashing.embed("hello world"), model.embed("hello world"));
        assertArrayEquals(hashing.embed("a doc"), model.embed(new Document("a doc")));
        EmbeddingResponse response = model.call(new EmbeddingRequest(List.of("one", "two"), null));
        assertEquals(2, response.getResults().size());
        assertArrayEquals(hashing.embed("two"), response.getResults().get(1).getOutput());
        assertEquals(1, response.getResults().get(1).getIndex());

        SpringAiEmbedder back = new SpringAiEmbedder(model);
        assertEquals(32, back.dimension());
        assertArrayEquals(hashing.embed("hello"), back.embed("hello"));
        List<float[]> all = back.embedAll(List.of("x", "y"));
        assertArrayEquals(hashing.embed("y"), all.get(1));
    }

    @Test
    void aTransientSpringAiFailureIsRetriedByTheResilienceDecorator() {
        AtomicInteger calls = new AtomicInteger();
        EmbeddingModel flaky = new FailingModel(calls, 2, () -> new TransientAiException("rate limited, key=secret"));
        try (LongTermMemory memory = MemoryStores.longTerm("mem:", MemoryOptions.of("embedding.dimension", "32",
                "resilience.backoff-initial", "10ms", "resilience.backoff-max", "20ms"), new SpringAiEmbedder(flaky))) {
            Scope scope = Stores.freshScope();
            memory.store(scope, NewMemory.builder("snow in Oslo").id("m1").build());
            assertEquals(3, calls.get(), "two failures, then the call that worked");
            assertEquals("m1", memory.search(scope, MemoryQuery.text("snow in Oslo").minSimilarity(0.5).build())
                    .get(0).memory().id());
        }
    }

    @Test
    void aNonTransientSpringAiFailureIsAttemptedOnce() {
        AtomicInteger calls = new AtomicInteger();
        EmbeddingModel broken = new FailingModel(calls, Integer.MAX_VALUE, () -> new NonTransientAiException("bad key"));
        try (LongTermMemory memory = MemoryStores.longTerm("mem:", MemoryOptions.of("embedding.dimension", "32",
                "resilience.backoff-initial", "10ms", "resilience.backoff-max", "20ms"), new SpringAiEmbedder(broken))) {
            MemoryUnavailableException e = assertThrows(MemoryUnavailableException.class,
                    () -> memory.store(Stores.freshScope(), NewMemory.builder("x").build()));
            assertEquals(1, calls.get());
            assertInstanceOf(NonTransientAiException.class, e.getCause());
            assertTrue(!e.getMessage().contains("bad key"), e.getMessage());
        }
    }

    @Test
    void anIoCauseIsTransientAndOtherFailuresAreNot() {
        assertTrue(SpringAiEmbedder.isTransient(new RuntimeException(new java.io.IOException("reset"))));
        assertTrue(SpringAiEmbedder.isTransient(new TransientAiException("busy")));
        assertTrue(!SpringAiEmbedder.isTransient(new NonTransientAiException("no")));
        assertTrue(!SpringAiEmbedder.isTransient(new IllegalStateException("bug")));
    }

    /** A Spring AI model over the hashing embedder whose first {@code failures} embedding calls throw. */
    private final class FailingModel implements EmbeddingModel {
        private final AtomicInteger calls;
        private final int failures;
        private final java.util.function.Supplier<RuntimeException> error;

        FailingModel(AtomicInteger calls, int failures, java.util.function.Supplier<RuntimeException> error) {
            this.calls = calls;
            this.failures = failures;
            this.error = error;
        }

        @Override
        public EmbeddingResponse call(EmbeddingRequest request) {
            if (calls.incrementAndGet() <= failures) {
                throw error.get();
            }
            return new AgentMemoryEmbeddingModel(hashing).call(request);
        }

        @Override
        public float[] embed(Document document) {
            return embed(document.getText());
        }

        @Override
        public int dimensions() {
            return 32;
        }
    }
}
