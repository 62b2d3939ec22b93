package dev.agentmemory.langchain4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import java.util.List;
import org.junit.jupiter.api.Test;

class LangChain4jEmbedderTest {

    private final LangChain4jEmbedder embedder = new LangChain4jEmbedder(Stores.MINI_LM);

    @Test
    void dimensionAndVectorsAreTheModels() {
        assertEquals(384, embedder.dimension());
        float[] vector = embedder.embed("The cat sleeps on the sofa.");
        assertArrayEquals(Stores.MINI_LM.embed("The cat sleeps on the sofa.").content().vector(), vector);
    }

    @Test
    void embedAllGivesOneVectorPerTextInOrder() {
        List<String> texts = List.of("first text", "a second, different one", "first text");
        List<float[]> vectors = embedder.embedAll(texts);
        assertEquals(3, vectors.size());
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(embedder.embed(texts.get(i)), vectors.get(i), 1e-5f);
        }
    }

    /** A store that embeds with MiniLM ranks by meaning: a paraphrase without shared words comes first. */
    @Test
    void aStoreEmbeddingWithMiniLmRanksByMeaning() {
        Scope scope = Stores.freshScope();
        try (LongTermMemory store = MemoryStores.longTerm("mem:", MemoryOptions.of("embedding.dimension", "384"), embedder)) {
            store.store(scope, NewMemory.builder("The user's dog is called Rex and loves the park.").id("pet").build());
            store.store(scope, NewMemory.builder("Quarterly revenue grew by four percent.").id("finance").build());
            store.store(scope, NewMemory.builder("Paris is the capital of France.").id("geo").build());
            List<ScoredMemory> found = store.search(scope, MemoryQuery.text("What is the name of my puppy?").limit(3).minSimilarity(-1).build());
            assertEquals("pet", found.get(0).memory().id());
            assertTrue(found.get(0).similarity() > found.get(1).similarity() + 0.1, found.toString());
        }
    }
}
