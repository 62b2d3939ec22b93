package dev.agentmemory.langchain4j;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.ShortTermMemory;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import dev.agentmemory.tck.TestServers;

/**
 * The chat memory store over PostgreSQL ({@code AGENTMEMORY_TEST_POSTGRES_URL}; without it, {@code TestServers} starts a container or fails saying how to get a server), in a schema of
 * its own, dropped afterwards.
 */
class PostgresChatMemoryStoreTest extends ChatMemoryStoreContract {

    private static final String SCHEMA = Stores.freshSchema();

    @Override
    ShortTermMemory open(int maxEntries) {
        String url = TestServers.postgres().uri();
        return MemoryStores.shortTerm(url, MemoryOptions.of("postgres.schema", SCHEMA, "short-term.max-entries",
                Integer.toString(maxEntries)));
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        Stores.dropSchema(SCHEMA);
    }
}
