package dev.agentmemory.resilience;

import dev.agentmemory.tck.RetryContractTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterAll;

/** The TCK's RetryContract suite against the real Redis, through the resilience decorator. */
class ResilientRedisRetryContractTckTest extends RetryContractTck {

    /** One fixture per class, cleaned up after the TCK's own per-test cleanup has run (which may reopen stores). */
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
