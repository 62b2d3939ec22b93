package dev.agentmemory.langchain4j;

import dev.agentmemory.LongTermMemory;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithRemovalIT;
import org.junit.jupiter.api.AfterAll;

/** LangChain4j's published {@code EmbeddingStoreWithRemovalIT}, unchanged, against {@code mem:}. */
class InMemoryEmbeddingStoreWithRemovalTest extends EmbeddingStoreWithRemovalIT {

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
}
