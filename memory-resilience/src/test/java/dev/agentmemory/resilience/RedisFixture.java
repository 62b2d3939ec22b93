package dev.agentmemory.resilience;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.tck.StoreFixture;
import dev.agentmemory.tck.TestServer;
import dev.agentmemory.tck.TestServers;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/** The shared Redis for the TCK suites run here: its own key prefix, connections counted by client name. */
final class RedisFixture implements StoreFixture {

    private final TestServer server = TestServers.redis();
    private final String prefix = "amt-res-" + UUID.randomUUID().toString().substring(0, 8);

    /** Deletes every key this fixture's stores wrote. */
    void deleteKeys() {
        RedisKeys.deleteAll(server, prefix);
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.SHORT_TERM, Capability.NETWORK);
    }

    @Override
    public String uri(String host, int port) {
        String uri = server.uri();
        int start = uri.indexOf("://") + 3;
        int at = uri.lastIndexOf('@');
        return "redis://" + (at > start ? uri.substring(start, at + 1) : "") + host + ":" + port;
    }

    @Override
    public Optional<InetSocketAddress> server() {
        return Optional.of(server.address());
    }

    @Override
    public MemoryOptions options() {
        return MemoryOptions.of("redis.key-prefix", prefix);
    }

    @Override
    public OptionalLong serverConnections(String clientName) {
        return OptionalLong.of(TestServers.redisConnections(server, clientName));
    }

    @Override
    public Optional<String> rejectedUri(String host, int port) {
        return Optional.of("redis://amtest-no-such-user:wrong-password@" + host + ":" + port);
    }
}
