package dev.agentmemory.redis;

import dev.agentmemory.tck.ConnectionContractTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterEach;

/** TCK: the connection contract (lazy and eager connect, outages, resets, a server that never answers), against the shared Redis server through the fault proxy, in a key prefix of its own per test. */
class RedisConnectionTckTest extends ConnectionContractTck {

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
