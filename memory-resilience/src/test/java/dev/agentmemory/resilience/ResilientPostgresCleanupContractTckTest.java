package dev.agentmemory.resilience;

import dev.agentmemory.tck.CleanupContractTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/** The TCK's CleanupContract suite against the real PostgreSQL, through the resilience decorator. */
class ResilientPostgresCleanupContractTckTest extends CleanupContractTck {

    /** One fixture per class, cleaned up after the TCK's own per-test cleanup has run (which may reopen stores). */
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
