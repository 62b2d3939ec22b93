package dev.agentmemory.redis;

import dev.agentmemory.tck.FirstUseContractTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.AfterEach;

/** TCK: concurrent first calls of a lazy store share one connect attempt, against the shared Redis server through the fault proxy, in a key prefix of its own per test. */
class RedisFirstUseTckTest extends FirstUseContractTck {

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
