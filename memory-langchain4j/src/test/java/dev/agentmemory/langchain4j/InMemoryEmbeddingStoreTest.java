package dev.agentmemory.langchain4j;

import dev.agentmemory.LongTermMemory;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreIT;
import org.junit.jupiter.api.AfterAll;

/** LangChain4j's published {@code EmbeddingStoreIT}, unchanged, against {@code mem:}. */
class InMemoryEmbeddingStoreTest extends EmbeddingStoreIT {

    private static final LongTermMemory MEMORY = Stores.inMemoryLongTerm();

    private final AgentMemoryEmbeddingStore store = new AgentMemoryEmbeddingStore(MEMORY, Stores.freshScope());

    @AfterAll
    static void close() {
        MEMORY.close();
    }

    @Override
    protected EmbeddingStore<TextSegment> embeddingStore() {
        return store;
    }

    @Override
    protected EmbeddingModel embeddingModel() {
        return Stores.MINI_LM;
    }

    @Override
    protected boolean assertEmbedding() {
        return false; // agentmemory does not return vectors: a match has no embedding()
    }

    @Override
    protected void clearStore() {
        store.removeAll();
    }
}
