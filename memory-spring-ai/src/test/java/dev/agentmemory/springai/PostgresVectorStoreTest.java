package dev.agentmemory.springai;

import dev.agentmemory.LongTermMemory;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;

/**
 * The vector store over PostgreSQL ({@code AGENTMEMORY_TEST_POSTGRES_URL}; without it, {@code TestServers} starts a container or fails saying how to get a server), in a schema of its
 * own, dropped afterwards.
 */
class PostgresVectorStoreTest extends VectorStoreContract {

    private static final String SCHEMA = Stores.freshSchema();
    private static LongTermMemory memory;

    @Override
    synchronized LongTermMemory memory() {
        if (memory == null) {
            memory = Stores.postgresLongTerm(SCHEMA);
        }
        return memory;
    }

    @AfterAll
    static void close() throws SQLException {
        if (memory != null) {
            memory.close();
        }
        Stores.dropSchema(SCHEMA);
    }
}
