package dev.agentmemory.redis;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.tck.StoreFixture;
import dev.agentmemory.tck.TestServer;
import dev.agentmemory.tck.TestServers;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The TCK fixture for the shared Redis server: stores reach it through the TCK's fault proxy, each fixture (so
 * each test) writes under its own key prefix, and connections are counted by client name with CLIENT LIST.
 */
final class RedisStoreFixture implements StoreFixture {

    private final TestServer server = TestServers.redis();
    private final String prefix = SharedRedis.uniquePrefix("tck");

    String prefix() {
        return prefix;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.SHORT_TERM, Capability.NETWORK, Capability.POOL);
    }

    @Override
    public String uri(String host, int port) {
        return "redis://" + userInfo() + host + ":" + port;
    }

    /** The shared server's credentials, if its URI has any, so that the proxied store can log in too. */
    private String userInfo() {
        String uri = server.uri();
        int start = uri.indexOf("://") + 3;
        int at = uri.lastIndexOf('@');
        return at > start ? uri.substring(start, at + 1) : "";
    }

    @Override
    public Optional<InetSocketAddress> server() {
        return Optional.of(server.address());
    }

    @Override
    public MemoryOptions options() {
        return MemoryOptions.of(RedisOptions.KEY_PREFIX.key(), prefix);
    }

    @Override
    public OptionalLong serverConnections(String clientName) {
        return OptionalLong.of(TestServers.redisConnections(server, clientName));
    }

    /** A user that does not exist: Redis answers WRONGPASS while connecting, a permanent error. */
    @Override
    public Optional<String> rejectedUri(String host, int port) {
        return Optional.of("redis://amtest-no-such-user:wrong-password@" + host + ":" + port);
    }
}
