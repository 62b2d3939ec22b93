package dev.agentmemory.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithFilteringIT;

/** LangChain4j's published {@code EmbeddingStoreWithFilteringIT}, unchanged, against the {@link Backend} of a subclass. */
abstract class EmbeddingStoreWithFilteringSuite extends EmbeddingStoreWithFilteringIT {

    /** Made with each test's instance, before the suite's {@code @BeforeEach}; a fresh scope per test. */
    private final AgentMemoryEmbeddingStore store = backend().freshStore();

    /** The backend of the concrete test class: a static field it closes after all its tests. */
    abstract Backend backend();

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
