package dev.agentmemory.postgres;

import dev.agentmemory.tck.ShortTermMemoryTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/** The TCK's {@link ShortTermMemoryTck} against the local PostgreSQL through the fault proxy, in a schema of its own. */
class PostgresShortTermMemoryTckTest extends ShortTermMemoryTck {

    private static final String SCHEMA = PostgresTestSupport.newSchema("tck_shorttermmem");

    @Override
    protected StoreFixture fixture() {
        return new PostgresStoreFixture(SCHEMA);
    }

    @AfterAll
    static void dropSchema() {
        PostgresTestSupport.dropSchema(SCHEMA);
    }
}
