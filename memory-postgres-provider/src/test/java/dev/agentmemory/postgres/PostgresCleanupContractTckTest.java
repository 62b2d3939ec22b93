package dev.agentmemory.postgres;

import dev.agentmemory.tck.CleanupContractTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/** The TCK's {@link CleanupContractTck} against the local PostgreSQL through the fault proxy, in a schema of its own. */
class PostgresCleanupContractTckTest extends CleanupContractTck {

    private static final String SCHEMA = PostgresTestSupport.newSchema("tck_cleanupcontr");

    @Override
    protected StoreFixture fixture() {
        return new PostgresStoreFixture(SCHEMA);
    }

    @AfterAll
    static void dropSchema() {
        PostgresTestSupport.dropSchema(SCHEMA);
    }
}
