package dev.agentmemory.tck;

import dev.agentmemory.faultproxy.FaultProxy;
import java.net.InetSocketAddress;

/**
 * A server for tests, found by {@link TestServers}. Immutable and thread-safe.
 *
 * @param uri how to reach it, as the environment gave it (it may carry credentials: never print it unredacted)
 * @param host its host
 * @param port its port
 * @param source where it came from: the environment variable's name, or {@code testcontainers}
 */
public record TestServer(String uri, String host, int port, String source) {

    /** @return the host and port, for {@link FaultProxy#start(InetSocketAddress)} and {@link StoreFixture#server()} */
    public InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    /** Without the URI, which may hold a password. */
    @Override
    public String toString() {
        return "TestServer[" + host + ":" + port + " from " + source + "]";
    }
}
