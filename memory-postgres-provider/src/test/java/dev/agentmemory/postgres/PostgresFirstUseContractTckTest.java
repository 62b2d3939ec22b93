package dev.agentmemory.postgres;

import dev.agentmemory.tck.FirstUseContractTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/** The TCK's {@link FirstUseContractTck} against the local PostgreSQL through the fault proxy, in a schema of its own. */
class PostgresFirstUseContractTckTest extends FirstUseContractTck {

    private static final String SCHEMA = PostgresTestSupport.newSchema("tck_firstuse");

    @Override
    protected StoreFixture fixture() {
        return new PostgresStoreFixture(SCHEMA);
    }

    @AfterAll
    static void dropSchema() {
        PostgresTestSupport.dropSchema(SCHEMA);
    }
}
