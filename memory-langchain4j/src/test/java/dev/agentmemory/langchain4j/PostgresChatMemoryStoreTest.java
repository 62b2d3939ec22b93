package dev.agentmemory.langchain4j;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.ShortTermMemory;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;

/**
 * The chat memory store over PostgreSQL ({@code AGENTMEMORY_TEST_POSTGRES_URL}, skipped when not set), in a schema of
 * its own, dropped afterwards.
 */
class PostgresChatMemoryStoreTest extends ChatMemoryStoreContract {

    private static final String SCHEMA = Stores.freshSchema();

    @Override
    ShortTermMemory open(int maxEntries) {
        String url = System.getenv("AGENTMEMORY_TEST_POSTGRES_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(), "AGENTMEMORY_TEST_POSTGRES_URL is not set");
        return MemoryStores.shortTerm(url, MemoryOptions.of("postgres.schema", SCHEMA, "short-term.max-entries",
                Integer.toString(maxEntries)));
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        Stores.dropSchema(SCHEMA);
    }
}
