package dev.agentmemory.postgres;

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
 * The TCK fixture: stores reach the shared PostgreSQL through the TCK's fault proxy, in the schema the suite
 * class was given, and connections are counted in {@code pg_stat_activity} by {@code application_name}.
 */
final class PostgresStoreFixture implements StoreFixture {

    private final TestServer server = TestServers.postgres();
    private final String schema;

    PostgresStoreFixture(String schema) {
        this.schema = schema;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.SHORT_TERM, Capability.LONG_TERM, Capability.NETWORK, Capability.POOL);
    }

    /** The test server's JDBC URL with its host and port replaced by the proxy's. */
    @Override
    public String uri(String host, int port) {
        return withAddress(server.uri(), host + ":" + port);
    }

    @Override
    public Optional<InetSocketAddress> server() {
        return Optional.of(server.address());
    }

    @Override
    public MemoryOptions options() {
        return MemoryOptions.of(PostgresOptions.SCHEMA.key(), schema);
    }

    @Override
    public OptionalLong serverConnections(String clientName) {
        return OptionalLong.of(TestServers.postgresConnections(server, clientName));
    }

    /** A database that does not exist: the server rejects it while connecting (SQLState 3D000). */
    @Override
    public Optional<String> rejectedUri(String host, int port) {
        String url = uri(host, port);
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?');
        return Optional.of(url.substring(0, slash) + "/agentmemory_no_such_database" + (query < 0 ? "" : url.substring(query)));
    }

    /** pgjdbc's JVM-wide cleaner thread outlives every connection by design and stops when idle. */
    @Override
    public boolean isSharedThread(Thread thread) {
        return thread.getName().startsWith("PostgreSQL-JDBC-Cleaner");
    }

    static String withAddress(String jdbcUrl, String hostAndPort) {
        String prefix = "jdbc:postgresql://";
        if (!jdbcUrl.startsWith(prefix)) {
            throw new IllegalStateException("expected a jdbc:postgresql:// URL in " + TestServers.POSTGRES_ENV);
        }
        int end = jdbcUrl.length();
        for (char c : new char[] {'/', '?'}) {
            int i = jdbcUrl.indexOf(c, prefix.length());
            if (i >= 0) {
                end = Math.min(end, i);
            }
        }
        return prefix + hostAndPort + jdbcUrl.substring(end);
    }
}
