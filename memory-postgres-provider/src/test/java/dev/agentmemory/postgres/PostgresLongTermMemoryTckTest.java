package dev.agentmemory.postgres;

import dev.agentmemory.tck.LongTermMemoryTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/** The TCK's {@link LongTermMemoryTck} against the local PostgreSQL through the fault proxy, in a schema of its own. */
class PostgresLongTermMemoryTckTest extends LongTermMemoryTck {

    private static final String SCHEMA = PostgresTestSupport.newSchema("tck_longtermmemo");

    @Override
    protected StoreFixture fixture() {
        return new PostgresStoreFixture(SCHEMA);
    }

    @AfterAll
    static void dropSchema() {
        PostgresTestSupport.dropSchema(SCHEMA);
    }
}
