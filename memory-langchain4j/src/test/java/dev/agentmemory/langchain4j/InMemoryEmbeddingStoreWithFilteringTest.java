package dev.agentmemory.langchain4j;

import dev.agentmemory.LongTermMemory;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithFilteringIT;
import org.junit.jupiter.api.AfterAll;

/** LangChain4j's published {@code EmbeddingStoreWithFilteringIT}, unchanged, against {@code mem:}. */
class InMemoryEmbeddingStoreWithFilteringTest extends EmbeddingStoreWithFilteringIT {

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
    protected boolean supportsContains() {
        return true;
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
