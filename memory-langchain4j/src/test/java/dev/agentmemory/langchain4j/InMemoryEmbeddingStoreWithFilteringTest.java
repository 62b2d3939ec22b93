package dev.agentmemory.langchain4j;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;

/** {@link EmbeddingStoreWithFilteringSuite} against {@code mem:}. */
class InMemoryEmbeddingStoreWithFilteringTest extends EmbeddingStoreWithFilteringSuite {

    private static final Backend BACKEND = Backend.inMemory();

    @AfterAll
    static void close() throws SQLException {
        BACKEND.close();
    }

    @Override
    Backend backend() {
        return BACKEND;
    }
}
