package dev.agentmemory.langchain4j;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;

/** {@link EmbeddingStoreSuite} against PostgreSQL ({@code AGENTMEMORY_TEST_POSTGRES_URL}), a schema of its own dropped afterwards. */
class PostgresEmbeddingStoreTest extends EmbeddingStoreSuite {

    private static final Backend BACKEND = Backend.postgres();

    @AfterAll
    static void close() throws SQLException {
        BACKEND.close();
    }

    @Override
    Backend backend() {
        return BACKEND;
    }
}
