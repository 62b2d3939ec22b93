package dev.agentmemory.redis;

import dev.agentmemory.tck.ProviderTck;
import dev.agentmemory.tck.StoreFixture;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every TCK suite against a private three-master Redis Cluster through {@code redis-cluster://}. The network suites
 * are skipped, saying so: Cluster clients follow the node addresses the cluster announces, so no fault proxy can sit
 * in between ({@link ClusterStoreFixture}); they run against the standalone server in {@link RedisTckTest}. Skipped,
 * with the reason, where redis-server is not installed.
 */
@ExtendWith(PrivateClusterExtension.class)
class RedisClusterTckTest extends ProviderTck {

    @Override
    protected StoreFixture fixture() {
        return new ClusterStoreFixture();
    }
}
