package dev.agentmemory.springai;

import dev.agentmemory.LongTermMemory;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.springframework.ai.test.vectorstore.BaseVectorStoreTests;
import org.springframework.ai.vectorstore.VectorStore;

/** Spring AI's published {@code BaseVectorStoreTests}, unchanged, against {@code mem:}. */
class InMemoryBaseVectorStoreTest extends BaseVectorStoreTests {

    private static final LongTermMemory MEMORY = Stores.inMemoryLongTerm();

    @Override
    protected void executeTest(Consumer<VectorStore> test) {
        test.accept(AgentMemoryVectorStore.builder(MEMORY, Stores.freshScope(),
                new AgentMemoryEmbeddingModel(Stores.EMBEDDER)).build());
    }

    @AfterAll
    static void close() {
        MEMORY.close();
    }
}
