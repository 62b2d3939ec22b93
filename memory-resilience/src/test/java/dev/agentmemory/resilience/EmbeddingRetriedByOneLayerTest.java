package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Embedder;
import dev.agentmemory.HashingEmbedder;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.MemoryTimeoutException;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.SearchKind;
import dev.agentmemory.resilience.internal.ResilienceDecorator;
import dev.agentmemory.spi.DecoratorContext;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Regression for issue 10 defect 9: the store's attempt timer ran around the embedder's own retries, interrupted it
 * mid-backoff and retried that as a timeout, multiplying embedding calls. Embedding runs once per call, before the
 * store's attempts, under the embedder's own policy only.
 */
class EmbeddingRetriedByOneLayerTest {

    private static final int MAX_RETRIES = 3;

    /**
     * The embedder's retries (backoff 100 + 200 + 400 ms, no jitter) take longer than one store attempt may (250
     * ms): on the old code the store's timer cut them short and the store retried, embedding again each time.
     */
    private static MemoryOptions options() {
        return MemoryOptions.of("resilience.max-retries", Integer.toString(MAX_RETRIES),
                "resilience.backoff-initial", "100ms", "resilience.backoff-max", "400ms", "resilience.jitter", "0",
                "resilience.attempt-timeout", "250ms", "resilience.budget", "60s",
                "resilience.circuit.failure-threshold", "1000");
    }

    /** An embedder that fails its first {@code failures} calls with a transient error, counting every call. */
    private static ScriptedEmbedder counting(int failures) {
        return new ScriptedEmbedder(new HashingEmbedder(MemoryDefaults.EMBEDDING_DIMENSION), failures,
                () -> new MemoryConnectionException("embedder:counting", "embed", "connection refused"));
    }

    private static Scope scope() {
        return new Scope("t-" + UUID.randomUUID(), "agent");
    }

    private static String nearest(LongTermMemory store, Scope scope, float[] vector) {
        return store.search(scope, MemoryQuery.vector(vector).minSimilarity(0.999).limit(1).build()).get(0).memory().id();
    }

    @Test
    void aFailingEmbedderIsCalledAtMostItsOwnAttemptsForOneStoreAndIsNeverTimedOutByTheStore() {
        ScriptedEmbedder down = counting(Integer.MAX_VALUE);
        try (LongTermMemory store = MemoryStores.longTerm("mem:", options(), down)) {
            MemoryUnavailableException e = assertThrows(MemoryUnavailableException.class,
                    () -> store.store(scope(), NewMemory.builder("remember me").build()));
            assertEquals(MAX_RETRIES + 1, down.calls.get(), "embedding calls for one store(): " + e);
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(t instanceof MemoryTimeoutException, "the store's attempt timer cut the embedder: " + e);
            }
            assertInstanceOf(MemoryConnectionException.class, e.getCause(), "the embedder's own last error");
        }
    }

    @Test
    void aSearchEmbedsItsTextUnderTheEmbeddersPolicyOnly() {
        ScriptedEmbedder down = counting(Integer.MAX_VALUE);
        try (LongTermMemory store = MemoryStores.longTerm("mem:", options(), down)) {
            assertThrows(MemoryUnavailableException.class,
                    () -> store.search(scope(), MemoryQuery.text("what did I say?").build()));
            assertEquals(MAX_RETRIES + 1, down.calls.get());
        }
    }

    @Test
    void aHybridSearchThroughTheDecoratorEmbedsItsTextOnceAndKeepsTheTextForItsKeywordHalf() {
        ScriptedEmbedder flaky = counting(MAX_RETRIES);
        Scope scope = scope();
        try (LongTermMemory store = MemoryStores.longTerm("mem:", options(), flaky)) {
            store.store(scope, NewMemory.builder("the invoice for march").id("m-1").build());
            int afterStore = flaky.calls.get();
            // Was: the decorator replaced the text by its vector, and the hybrid query, which needs its text, was
            // rejected as "a hybrid search needs query text".
            assertEquals("m-1", store.search(scope, MemoryQuery.text("invoice").kind(SearchKind.HYBRID).build())
                    .get(0).memory().id());
            assertEquals(afterStore + 1, flaky.calls.get(), "the text embedded once");
            assertEquals("m-1", store.search(scope, MemoryQuery.text("invoice").kind(SearchKind.KEYWORD).build())
                    .get(0).memory().id());
            assertEquals(afterStore + 1, flaky.calls.get(), "a keyword search embeds nothing");
        }
    }

    @Test
    void anEmbedderThatRecoversWithinItsOwnRetriesSucceedsOnceEvenWhenThatTakesLongerThanAStoreAttempt() {
        ScriptedEmbedder flaky = counting(MAX_RETRIES);
        Scope scope = scope();
        try (LongTermMemory store = MemoryStores.longTerm("mem:", options(), flaky)) {
            store.store(scope, NewMemory.builder("remember me").id("m-1").build());
            assertEquals(MAX_RETRIES + 1, flaky.calls.get());
            assertEquals("m-1", nearest(store, scope, flaky.real.embed("remember me")));
        }
    }

    @Test
    void aStoreRetryDoesNotEmbedAgain() {
        LongTermBufferTest.Switchable backend = new LongTermBufferTest.Switchable();
        ScriptedEmbedder embedder = counting(0);
        backend.failNext.set(2);
        LongTermMemory store = new ResilienceDecorator().decorate(backend, embedder,
                new DecoratorContext("test", "switch://mem", options()));
        try (store) {
            Scope scope = scope();
            store.store(scope, NewMemory.builder("remember me").id("m-1").build());
            assertEquals(3, backend.storeCalls.get(), "two transient failures, then the write");
            assertEquals(1, embedder.calls.get(), "embedded once, before the store's attempts");
            assertTrue(backend.real.get(scope, "m-1").isPresent());
        }
    }

    @Test
    void anEmbedderReturningTheWrongDimensionIsAConfigurationError() {
        Embedder wrong = new Embedder() {
            @Override
            public int dimension() {
                return 16;
            }

            @Override
            public float[] embed(String text) {
                return new float[8];
            }
        };
        try (LongTermMemory store = MemoryStores.longTerm("mem:", options(), wrong)) {
            MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class,
                    () -> store.store(scope(), NewMemory.builder("remember me").build()));
            assertTrue(e.getMessage().contains("8 dimensions"), e::getMessage);
        }
    }

    @Test
    void storeAllEmbedsOnlyTheMemoriesWithoutAVectorInOneCall() {
        List<List<String>> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
        HashingEmbedder real = new HashingEmbedder(16);
        Embedder batching = new Embedder() {
            @Override
            public int dimension() {
                return 16;
            }

            @Override
            public float[] embed(String text) {
                return embedAll(List.of(text)).get(0);
            }

            @Override
            public List<float[]> embedAll(List<String> texts) {
                batches.add(List.copyOf(texts));
                return texts.stream().map(real::embed).toList();
            }
        };
        Scope scope = scope();
        try (LongTermMemory store = MemoryStores.longTerm("mem:", options(), batching)) {
            float[] given = real.embed("something else");
            store.storeAll(scope, List.of(NewMemory.builder("a").id("a").build(),
                    NewMemory.builder("b").id("b").embedding(given).build(), NewMemory.builder("c").id("c").build()));
            assertEquals(List.of(List.of("a", "c")), batches);
            assertEquals("b", nearest(store, scope, given), "a given vector is kept");
            assertEquals("c", nearest(store, scope, real.embed("c")));
        }
    }
}
