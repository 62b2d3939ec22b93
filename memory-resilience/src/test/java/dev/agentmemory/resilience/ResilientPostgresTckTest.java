package dev.agentmemory.resilience;

import dev.agentmemory.tck.ProviderTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/** Every TCK suite against the real PostgreSQL, through the resilience decorator. */
class ResilientPostgresTckTest extends ProviderTck {

    /** One fixture for every suite, cleaned up after the TCK's own per-test cleanup has run (which may reopen stores). */
    private static final PostgresFixture FIXTURE = new PostgresFixture();

    @Override
    protected StoreFixture fixture() {
        return FIXTURE;
    }

    @AfterAll
    static void cleanUp() {
        FIXTURE.dropSchema();
    }
}
