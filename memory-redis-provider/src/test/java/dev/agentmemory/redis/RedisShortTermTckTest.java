package dev.agentmemory.redis;

import dev.agentmemory.tck.ShortTermMemoryTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterEach;

/** TCK: the functional short-term contract, against the shared Redis server through the fault proxy, in a key prefix of its own per test. */
class RedisShortTermTckTest extends ShortTermMemoryTck {

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
