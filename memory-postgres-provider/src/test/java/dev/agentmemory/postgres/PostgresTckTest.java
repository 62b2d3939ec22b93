package dev.agentmemory.postgres;

import dev.agentmemory.tck.ProviderTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/** Every TCK suite against the local PostgreSQL through the fault proxy, in a schema of its own, dropped afterwards. */
class PostgresTckTest extends ProviderTck {

    private static final String SCHEMA = PostgresTestSupport.newSchema("tck");

    @Override
    protected StoreFixture fixture() {
        return new PostgresStoreFixture(SCHEMA);
    }

    @AfterAll
    static void dropSchema() {
        PostgresTestSupport.dropSchema(SCHEMA);
    }
}
