package dev.agentmemory.redis;

import dev.agentmemory.tck.LongTermMemoryTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterEach;

/** TCK: the long-term contract; the TCK skips it, saying so, since this provider has no long-term memory, against the shared Redis server through the fault proxy, in a key prefix of its own per test. */
class RedisLongTermTckTest extends LongTermMemoryTck {

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
