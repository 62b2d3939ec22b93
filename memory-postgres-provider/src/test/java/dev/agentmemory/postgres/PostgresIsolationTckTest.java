package dev.agentmemory.postgres;

import dev.agentmemory.tck.IsolationTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/** The TCK's {@link IsolationTck} against the local PostgreSQL through the fault proxy, in a schema of its own. */
class PostgresIsolationTckTest extends IsolationTck {

    private static final String SCHEMA = PostgresTestSupport.newSchema("tck_isolation");

    @Override
    protected StoreFixture fixture() {
        return new PostgresStoreFixture(SCHEMA);
    }

    @AfterAll
    static void dropSchema() {
        PostgresTestSupport.dropSchema(SCHEMA);
    }
}
