package dev.agentmemory.springai;

import dev.agentmemory.ShortTermMemory;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;

/**
 * The chat memory repository over PostgreSQL ({@code AGENTMEMORY_TEST_POSTGRES_URL}; without it, {@code TestServers} starts a container or fails saying how to get a server), in a schema
 * of its own, dropped afterwards.
 */
class PostgresChatMemoryRepositoryTest extends ChatMemoryRepositoryContract {

    private static final String SCHEMA = Stores.freshSchema();

    @Override
    ShortTermMemory open() {
        return Stores.postgresShortTerm(SCHEMA);
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        Stores.dropSchema(SCHEMA);
    }
}
