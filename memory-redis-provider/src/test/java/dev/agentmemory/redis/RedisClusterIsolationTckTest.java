package dev.agentmemory.redis;

import dev.agentmemory.tck.IsolationTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TCK: tenant, agent and session isolation, against a private three-master Redis Cluster through {@code redis-cluster://}. Skipped, with
 * the reason, where redis-server is not installed.
 */
@ExtendWith(PrivateClusterExtension.class)
class RedisClusterIsolationTckTest extends IsolationTck {

    @Override
    protected StoreFixture fixture() {
        return new ClusterStoreFixture();
    }
}
