package dev.agentmemory.resilience;

import dev.agentmemory.tck.ProviderTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/** Every TCK suite against the real Redis, through the resilience decorator. */
class ResilientRedisTckTest extends ProviderTck {

    /** One fixture for every suite, cleaned up after the TCK's own per-test cleanup has run (which may reopen stores). */
    private static final RedisFixture FIXTURE = new RedisFixture();

    @Override
    protected StoreFixture fixture() {
        return FIXTURE;
    }

    @AfterAll
    static void cleanUp() {
        FIXTURE.deleteKeys();
    }
}
