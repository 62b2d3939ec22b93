package dev.agentmemory.redis;

import dev.agentmemory.tck.ProviderTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterEach;

/**
 * Every TCK suite against the shared Redis server through the fault proxy, in a key prefix of its own per test. The
 * long-term suite is skipped, saying so (this provider has no long-term memory), and so is the retry contract unless
 * memory-resilience is on the test path (profile tck-resilience).
 */
class RedisTckTest extends ProviderTck {

    private RedisStoreFixture fixture;

    @Override
    protected StoreFixture fixture() {
        fixture = new RedisStoreFixture();
        return fixture;
    }

    /** Runs after the TCK's own cleanup of the test (which may reopen a store), so nothing writes to the prefix after. */
    @AfterEach
    void deletePrefix() {
        if (fixture != null) {
            SharedRedis.deletePrefix(fixture.prefix());
        }
    }
}
