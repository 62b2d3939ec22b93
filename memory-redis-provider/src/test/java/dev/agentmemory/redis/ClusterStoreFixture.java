package dev.agentmemory.redis;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.tck.StoreFixture;
import java.util.EnumSet;
import java.util.Set;

/**
 * The TCK fixture for the private Redis Cluster ({@link PrivateClusterExtension}). No fault proxy: Cluster clients
 * follow the node addresses the cluster announces, so the network contracts run against the standalone server
 * ({@link RedisStoreFixture}). The cluster belongs to this test run and dies with it; a prefix per fixture still
 * keeps tests apart.
 */
final class ClusterStoreFixture implements StoreFixture {

    private final String prefix = SharedRedis.uniquePrefix("cluster-tck");

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.SHORT_TERM);
    }

    @Override
    public String uri(String host, int port) {
        return PrivateClusterExtension.cluster().uri();
    }

    @Override
    public MemoryOptions options() {
        return MemoryOptions.of(RedisOptions.KEY_PREFIX.key(), prefix);
    }
}
