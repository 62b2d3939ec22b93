package dev.agentmemory.redis;

import dev.agentmemory.tck.RetryContractTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterEach;

/** TCK: the retry contract; the TCK skips it, saying so, unless memory-resilience is on the test path (profile tck-resilience), against the shared Redis server through the fault proxy, in a key prefix of its own per test. */
class RedisRetryTckTest extends RetryContractTck {

    private RedisStoreFixture fixture;

    @Override
    protected StoreFixture fixture() {
        fixture = new RedisStoreFixture();
        return fixture;
    }

    @AfterEach
    void deletePrefix() {
        if (fixture != null) {
            SharedRedis.deletePrefix(fixture.prefix());
        }
    }
}
