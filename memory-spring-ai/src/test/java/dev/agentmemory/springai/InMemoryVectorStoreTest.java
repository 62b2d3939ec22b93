package dev.agentmemory.springai;

import dev.agentmemory.LongTermMemory;
import org.junit.jupiter.api.AfterAll;

/** The vector store over {@code mem:}. */
class InMemoryVectorStoreTest extends VectorStoreContract {

    private static final LongTermMemory MEMORY = Stores.inMemoryLongTerm();

    @Override
    LongTermMemory memory() {
        return MEMORY;
    }

    @AfterAll
    static void close() {
        MEMORY.close();
    }
}
