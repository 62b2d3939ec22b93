package dev.agentmemory.postgres;

import dev.agentmemory.tck.RetryContractTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/** The TCK's {@link RetryContractTck} against the local PostgreSQL through the fault proxy, in a schema of its own. */
class PostgresRetryContractTckTest extends RetryContractTck {

    private static final String SCHEMA = PostgresTestSupport.newSchema("tck_retrycontrac");

    @Override
    protected StoreFixture fixture() {
        return new PostgresStoreFixture(SCHEMA);
    }

    @AfterAll
    static void dropSchema() {
        PostgresTestSupport.dropSchema(SCHEMA);
    }
}
