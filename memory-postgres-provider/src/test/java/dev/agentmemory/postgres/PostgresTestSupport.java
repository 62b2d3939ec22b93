package dev.agentmemory.postgres;

import dev.agentmemory.HashingEmbedder;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.tck.Await;
import dev.agentmemory.tck.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/** The local PostgreSQL for tests: its URL, a schema per test class, and server-side connection counts. */
final class PostgresTestSupport {

    static final String ENV = "AGENTMEMORY_TEST_POSTGRES_URL";

    private PostgresTestSupport() {
    }

    /**
     * @return the JDBC URL of the test server; from {@link TestServers#postgres()}, so a container stands in when the
     *         variable is not set, and the test fails saying how to get a server when neither is there
     */
    static String url() {
        return TestServers.postgres().uri();
    }

    /** @param prefix what the schema is for @return a fresh schema name, not created yet */
    static String newSchema(String prefix) {
        return ("amt_" + prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    }

    /** @return a fresh application_name, so that a test counts only its own connections */
    static String newClientName(String prefix) {
        return "amt-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static MemoryOptions options(String schema, String... more) {
        MemoryOptions options = MemoryOptions.of(more).with(PostgresOptions.SCHEMA.key(), schema);
        if (options.find(MemoryOptions.CLIENT_NAME).isEmpty()) {
            options = options.with(MemoryOptions.CLIENT_NAME.key(), newClientName(schema.replace('_', '-')));
        }
        return options;
    }

    static LongTermMemory longTerm(MemoryOptions options, int dimension) {
        return new PostgresMemoryProvider().openLongTerm(url(), options, new HashingEmbedder(dimension));
    }

    static ShortTermMemory shortTerm(MemoryOptions options) {
        return new PostgresMemoryProvider().openShortTerm(url(), options);
    }

    /** A plain JDBC connection for checks, outside any store. */
    static Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("ApplicationName", "amt-checker");
        return DriverManager.getConnection(url(), p);
    }

    static void dropSchema(String schema) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + schema.replace("\"", "") + "\" CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema, e);
        }
    }

    /** @return how many server connections carry this application_name */
    static int connections(String applicationName) {
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            s.setString(1, applicationName);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count connections", e);
        }
    }

    /** Waits up to a generous bound for the server to drop closed connections from pg_stat_activity. */
    static int connectionsAfterClose(String applicationName) throws InterruptedException {
        Await.until(Duration.ofSeconds(10), () -> connections(applicationName) == 0);
        return connections(applicationName);
    }
}
