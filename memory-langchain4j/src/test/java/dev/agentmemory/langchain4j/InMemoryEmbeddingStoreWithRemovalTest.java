package dev.agentmemory.langchain4j;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;

/** {@link EmbeddingStoreWithRemovalSuite} against {@code mem:}. */
class InMemoryEmbeddingStoreWithRemovalTest extends EmbeddingStoreWithRemovalSuite {

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
