package dev.agentmemory.redis;

import dev.agentmemory.tck.BadInputTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TCK: bad input rejected before any I/O, against a private three-master Redis Cluster through {@code redis-cluster://}. Skipped, with
 * the reason, where redis-server is not installed.
 */
@ExtendWith(PrivateClusterExtension.class)
class RedisClusterBadInputTckTest extends BadInputTck {

    @Override
    protected StoreFixture fixture() {
        return new ClusterStoreFixture();
    }
}
