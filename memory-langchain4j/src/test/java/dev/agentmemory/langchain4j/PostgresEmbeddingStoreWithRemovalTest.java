package dev.agentmemory.langchain4j;

import dev.agentmemory.LongTermMemory;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithRemovalIT;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** LangChain4j's published {@code EmbeddingStoreWithRemovalIT}, unchanged, against PostgreSQL, in a schema of its own dropped afterwards. */
class PostgresEmbeddingStoreWithRemovalTest extends EmbeddingStoreWithRemovalIT {

    private static final String SCHEMA = Stores.freshSchema();
    private static LongTermMemory memory;

    /** Made with each test's instance, after {@code open()} (a subclass's {@code @BeforeEach} runs after the suite's). */
    private final AgentMemoryEmbeddingStore store = new AgentMemoryEmbeddingStore(memory, Stores.freshScope());

    @BeforeAll
    static void open() {
        memory = Stores.postgresLongTerm(SCHEMA);
    }

    @AfterAll
    static void close() throws SQLException {
        if (memory != null) {
            memory.close();
        }
        Stores.dropSchema(SCHEMA);
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
