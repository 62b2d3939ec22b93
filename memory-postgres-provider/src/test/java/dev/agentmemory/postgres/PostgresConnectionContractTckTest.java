package dev.agentmemory.postgres;

import dev.agentmemory.tck.ConnectionContractTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/** The TCK's {@link ConnectionContractTck} against the local PostgreSQL through the fault proxy, in a schema of its own. */
class PostgresConnectionContractTckTest extends ConnectionContractTck {

    private static final String SCHEMA = PostgresTestSupport.newSchema("tck_connectionco");

    @Override
    protected StoreFixture fixture() {
        return new PostgresStoreFixture(SCHEMA);
    }

    @AfterAll
    static void dropSchema() {
        PostgresTestSupport.dropSchema(SCHEMA);
    }
}
