package com.example.network;

import dev.agentmemory.tck.ProviderTck;
import dev.agentmemory.tck.StoreFixture;
import dev.agentmemory.tck.TestServer;
import dev.agentmemory.tck.TestServers;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Every TCK suite against a provider that talks to a server, written with nothing but the TCK's public API: one
 * class, a fixture and its capabilities. The provider under test here is the {@code redis://} one; for yours, change
 * the scheme, the server lookup and the connection count in {@link NetworkFixture}. The long-term suite is skipped,
 * with the reason in the report (the fixture does not declare LONG_TERM), and so is the retry contract unless
 * memory-resilience is on the test class path.
 */
class NetworkProviderTckTest extends ProviderTck {

    /**
     * How the TCK reaches the provider and its server. The TCK calls {@code fixture()} once per test and never
     * closes a fixture, so it holds nothing that needs closing: the server is looked up (or its container started)
     * once per JVM by {@link TestServers}, and the stores and fault proxies of a test are closed by the TCK after it.
     */
    static final class NetworkFixture implements StoreFixture {

        // AGENTMEMORY_TEST_REDIS_URI, else a Testcontainers container, else a failure that says how to get a server
        private final TestServer server = TestServers.redis();

        @Override
        public Set<Capability> capabilities() {
            return EnumSet.of(Capability.SHORT_TERM, Capability.NETWORK, Capability.POOL);
        }

        /** The server's own URI with the address the TCK passes: that of a FaultProxy forwarding to server(). */
        @Override
        public String uri(String host, int port) {
            URI real = URI.create(server.uri());
            return real.getScheme() + "://" + (real.getRawUserInfo() == null ? "" : real.getRawUserInfo() + "@")
                    + host + ":" + port + (real.getRawPath() == null ? "" : real.getRawPath())
                    + (real.getRawQuery() == null ? "" : "?" + real.getRawQuery());
        }

        @Override
        public Optional<InetSocketAddress> server() {
            return Optional.of(server.address());
        }

        /** Asks the server itself, not the proxy, how many connections carry the store's client-name. */
        @Override
        public OptionalLong serverConnections(String clientName) {
            return OptionalLong.of(TestServers.redisConnections(server, clientName));
        }

        /** Credentials the server refuses while connecting: a permanent error, which must not be retried. */
        @Override
        public Optional<String> rejectedUri(String host, int port) {
            return Optional.of("redis://no-such-user:wrong-password@" + host + ":" + port);
        }
    }

    @Override
    protected StoreFixture fixture() {
        return new NetworkFixture();
    }
}
