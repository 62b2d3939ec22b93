package dev.agentmemory.resilience;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.tck.StoreFixture;
import dev.agentmemory.tck.TestServer;
import dev.agentmemory.tck.TestServers;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/** The shared PostgreSQL for the suites run here: its own schema (dropped afterwards), connections counted by application_name. */
final class PostgresFixture implements StoreFixture {

    private final TestServer server = TestServers.postgres();
    private final String schema = ("amt_res_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);

    String schema() {
        return schema;
    }

    TestServer testServer() {
        return server;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.SHORT_TERM, Capability.LONG_TERM, Capability.NETWORK);
    }

    @Override
    public String uri(String host, int port) {
        return uriFor(server, host, port);
    }

    /** The server's JDBC URL with another host and port (a fault proxy's). */
    static String uriFor(TestServer server, String host, int port) {
        URI u = URI.create(server.uri().substring("jdbc:".length()));
        return "jdbc:postgresql://" + host + ":" + port + u.getRawPath()
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    @Override
    public Optional<InetSocketAddress> server() {
        return Optional.of(server.address());
    }

    @Override
    public MemoryOptions options() {
        return MemoryOptions.of("postgres.schema", schema);
    }

    @Override
    public OptionalLong serverConnections(String clientName) {
        return OptionalLong.of(TestServers.postgresConnections(server, clientName));
    }

    /** A role that does not exist: PostgreSQL refuses it while connecting (SQLState 28000), a permanent error. */
    @Override
    public Optional<String> rejectedUri(String host, int port) {
        URI u = URI.create(server.uri().substring("jdbc:".length()));
        return Optional.of("jdbc:postgresql://" + host + ":" + port + u.getRawPath() + "?user=amtest_no_such_role");
    }

    /** Drops the schema this fixture's stores created. */
    void dropSchema() {
        dropSchema(server, schema);
    }

    static void dropSchema(TestServer server, String schema) {
        try (Connection c = DriverManager.getConnection(server.uri()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema, e);
        }
    }
}
