package dev.agentmemory.tck;

import dev.agentmemory.faultproxy.FaultProxy;
import dev.agentmemory.MemoryOptions;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a provider author supplies to run the TCK: how to address a store, which optional capabilities the
 * provider has, and how to count the connections a store holds on its server.
 *
 * <p>The TCK opens every store itself, through {@link dev.agentmemory.MemoryStores}, with the URI from
 * {@link #uri(String, int)} and the options from {@link #options()} plus its own (a unique
 * {@link MemoryOptions#CLIENT_NAME} per store, TTLs, timeouts, {@code resilience.*}). For a
 * {@link Capability#NETWORK} provider the host and port it passes are those of a {@link FaultProxy} that
 * forwards to {@link #server()}, so the TCK can refuse, reset, delay and cut the store's connections.
 *
 * <p>A minimal fixture for a network provider:
 * <pre>{@code
 * final class AcmeFixture implements StoreFixture {
 *     public Set<Capability> capabilities() { return EnumSet.of(Capability.SHORT_TERM, Capability.NETWORK); }
 *     public String uri(String host, int port) { return "acme://" + host + ":" + port; }
 *     public Optional<InetSocketAddress> server() { return Optional.of(new InetSocketAddress("127.0.0.1", 7000)); }
 *     public OptionalLong serverConnections(String clientName) { return OptionalLong.of(AcmeAdmin.count(clientName)); }
 * }
 * }</pre>
 * An in-process provider only needs {@link #capabilities()} and {@link #uri(String, int)}.
 *
 * <p>Implementations must be thread-safe: a suite may call them from several threads.
 */
public interface StoreFixture {

    /** What a provider can do beyond the required contracts; suites that need a missing one are skipped with a reason. */
    enum Capability {
        /** Opens {@link dev.agentmemory.ShortTermMemory}: the short-term, isolation and bad-input suites run for it. */
        SHORT_TERM,
        /** Opens {@link dev.agentmemory.LongTermMemory}: the long-term, isolation and bad-input suites run for it. */
        LONG_TERM,
        /**
         * Talks to a server over TCP: the connection, retry and network-cleanup contracts run against it through a
         * {@link FaultProxy}. Requires {@link #server()}.
         */
        NETWORK,
        /**
         * Holds a bounded pool of connections, sized by {@link MemoryOptions#POOL_MAX_SIZE} and waited for at most
         * {@link MemoryOptions#POOL_ACQUIRE_TIMEOUT}: a drained pool must fail with
         * {@link dev.agentmemory.MemoryBusyException}, not hang.
         */
        POOL
    }

    /**
     * The fixture of an in-process provider, which has no server: every store is opened with the same URI.
     *
     * <pre>{@code
     * protected StoreFixture fixture() {
     *     return StoreFixture.inProcess("mem:", Capability.SHORT_TERM, Capability.LONG_TERM);
     * }
     * }</pre>
     *
     * @param uri the URI of every store, for example {@code mem:}
     * @param first a capability
     * @param more more capabilities
     * @return the fixture
     * @throws IllegalArgumentException if a capability needs a server ({@link Capability#NETWORK})
     */
    static StoreFixture inProcess(String uri, Capability first, Capability... more) {
        Objects.requireNonNull(uri, "uri");
        Set<Capability> capabilities = EnumSet.of(first, more);
        if (capabilities.contains(Capability.NETWORK)) {
            throw new IllegalArgumentException("an in-process fixture has no server; NETWORK needs a fixture with server()");
        }
        Set<Capability> copy = Set.copyOf(capabilities);
        return new StoreFixture() {
            @Override
            public Set<Capability> capabilities() {
                return copy;
            }

            @Override
            public String uri(String host, int port) {
                return uri;
            }

            @Override
            public String toString() {
                return "in-process fixture " + uri + " " + copy;
            }
        };
    }

    /**
     * The capabilities of the provider under test.
     *
     * @return the capabilities; at least one of {@link Capability#SHORT_TERM} and {@link Capability#LONG_TERM}
     */
    Set<Capability> capabilities();

    /**
     * The URI of a store that reaches its server at {@code host:port}. The TCK passes the address of a
     * {@link FaultProxy}; a provider without a network ignores both and returns, for example, {@code mem:}.
     *
     * @param host a host name or literal address (the TCK passes {@code 127.0.0.1})
     * @param port a TCP port
     * @return the URI, which may carry credentials (the TCK never prints it)
     */
    String uri(String host, int port);

    /**
     * The real server, for {@link Capability#NETWORK} providers: the address the TCK's fault proxy forwards to.
     *
     * @return the server's address, or empty for an in-process provider (the default)
     */
    default Optional<InetSocketAddress> server() {
        return Optional.empty();
    }

    /**
     * Options added to every store the TCK opens, for example a key prefix or a schema that keeps TCK data apart.
     * Options the TCK sets itself win over these.
     *
     * @return the options; empty by default
     */
    default MemoryOptions options() {
        return MemoryOptions.empty();
    }

    /**
     * How many connections the server holds now whose client name is {@code clientName} (Redis: {@code CLIENT LIST},
     * PostgreSQL: {@code pg_stat_activity.application_name}). The TCK gives every store a unique name through the
     * option {@link MemoryOptions#CLIENT_NAME}; the provider must apply it to each of its connections.
     * {@link TestServers} has ready-made counters for Redis and PostgreSQL.
     *
     * @param clientName the name the TCK gave the store
     * @return the count, or empty if this fixture cannot count (the tests that need it are then skipped)
     */
    default OptionalLong serverConnections(String clientName) {
        return OptionalLong.empty();
    }

    /**
     * A URI for the same server that the server rejects permanently while connecting, for example a wrong password
     * or a database that does not exist. The retry contract uses it to check that a permanent error is attempted
     * exactly once.
     *
     * @param host the host the TCK passes (a fault proxy)
     * @param port the port the TCK passes
     * @return the URI, or empty if there is none (the test is then skipped)
     */
    default Optional<String> rejectedUri(String host, int port) {
        return Optional.empty();
    }

    /**
     * Whether a thread that is still alive after a store closed belongs to its driver's JVM-wide machinery (a
     * shared cleaner or timer that outlives every store) rather than to the store. The cleanup contract ignores
     * such threads; every other thread the store started must have ended.
     *
     * @param thread a thread that started while the store was open
     * @return {@code true} to ignore it; {@code false} by default
     */
    default boolean isSharedThread(Thread thread) {
        return false;
    }
}
