package dev.agentmemory.springai;

import dev.agentmemory.LongTermMemory;
import java.sql.SQLException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.springframework.ai.test.vectorstore.BaseVectorStoreTests;
import org.springframework.ai.vectorstore.VectorStore;

/**
 * Spring AI's published {@code BaseVectorStoreTests}, unchanged, against PostgreSQL ({@code AGENTMEMORY_TEST_POSTGRES_URL};
 * without it, {@code TestServers} starts a container or fails saying how to get a server), in a schema of its own, dropped afterwards.
 */
class PostgresBaseVectorStoreTest extends BaseVectorStoreTests {

    private static final String SCHEMA = Stores.freshSchema();
    private static LongTermMemory memory;

    @Override
    protected void executeTest(Consumer<VectorStore> test) {
        synchronized (PostgresBaseVectorStoreTest.class) {
            if (memory == null) {
                memory = Stores.postgresLongTerm(SCHEMA);
            }
        }
        test.accept(AgentMemoryVectorStore.builder(memory, Stores.freshScope(),
                new AgentMemoryEmbeddingModel(Stores.EMBEDDER)).build());
    }

    @AfterAll
    static void close() throws SQLException {
        if (memory != null) {
            memory.close();
        }
        Stores.dropSchema(SCHEMA);
    }
}
