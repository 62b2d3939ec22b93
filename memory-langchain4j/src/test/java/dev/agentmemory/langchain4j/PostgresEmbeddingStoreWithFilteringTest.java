package dev.agentmemory.langchain4j;

import dev.agentmemory.LongTermMemory;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithFilteringIT;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** LangChain4j's published {@code EmbeddingStoreWithFilteringIT}, unchanged, against PostgreSQL, in a schema of its own dropped afterwards. */
class PostgresEmbeddingStoreWithFilteringTest extends EmbeddingStoreWithFilteringIT {

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
