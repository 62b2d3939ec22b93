package dev.agentmemory.redis;

import dev.agentmemory.tck.IsolationTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterEach;

/** TCK: tenant, agent and session isolation, against the shared Redis server through the fault proxy, in a key prefix of its own per test. */
class RedisIsolationTckTest extends IsolationTck {

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
