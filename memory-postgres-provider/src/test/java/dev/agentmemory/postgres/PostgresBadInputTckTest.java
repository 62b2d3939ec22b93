package dev.agentmemory.postgres;

import dev.agentmemory.tck.BadInputTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/** The TCK's {@link BadInputTck} against the local PostgreSQL through the fault proxy, in a schema of its own. */
class PostgresBadInputTckTest extends BadInputTck {

    private static final String SCHEMA = PostgresTestSupport.newSchema("tck_badinput");

    @Override
    protected StoreFixture fixture() {
        return new PostgresStoreFixture(SCHEMA);
    }

    @AfterAll
    static void dropSchema() {
        PostgresTestSupport.dropSchema(SCHEMA);
    }
}
