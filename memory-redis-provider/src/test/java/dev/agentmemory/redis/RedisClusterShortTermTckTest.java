package dev.agentmemory.redis;

import dev.agentmemory.tck.ShortTermMemoryTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TCK: the functional short-term contract, against a private three-master Redis Cluster through {@code redis-cluster://}. Skipped, with
 * the reason, where redis-server is not installed.
 */
@ExtendWith(PrivateClusterExtension.class)
class RedisClusterShortTermTckTest extends ShortTermMemoryTck {

    @Override
    protected StoreFixture fixture() {
        return new ClusterStoreFixture();
    }
}
