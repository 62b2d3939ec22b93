package dev.agentmemory.redis;

import dev.agentmemory.tck.CleanupContractTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterEach;

/** TCK: the cleanup contract (close, connections, threads, a drained pool), against the shared Redis server through the fault proxy, in a key prefix of its own per test. */
class RedisCleanupTckTest extends CleanupContractTck {

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
