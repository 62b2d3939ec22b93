package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Real server and network failures, translated: the rows of the table that a local server can produce. */
class ServerErrorsTest {

    private static final SessionRef SESSION = SessionRef.of("t", "a", "s");

    private static ShortTermMemory open(String url, String... options) {
        return new PostgresMemoryProvider().openShortTerm(url, MemoryOptions.of(options));
    }

    @Test
    void refusedConnectionIsAConnectionFailureAndHealthSaysDown() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (ShortTermMemory store = open("postgresql://127.0.0.1:" + port + "/test",
                MemoryOptions.CONNECT_TIMEOUT.key(), "1s", MemoryOptions.POOL_ACQUIRE_TIMEOUT.key(), "5s")) {
            assertThrows(MemoryConnectionException.class, () -> store.size(SESSION));
            Health health = store.health();
            assertEquals(Health.Status.DOWN, health.status());
        }
        assertThrows(MemoryConnectionException.class, () -> open("postgresql://127.0.0.1:" + port + "/test",
                MemoryOptions.CONNECT.key(), "eager", MemoryOptions.CONNECT_TIMEOUT.key(), "1s"));
    }

    @Test
    void aStatementMayRunLongerThanTheConnectTimeoutThatBoundedItsConnectionsLogin() {
        // While a connection is being made every read waits at most the connect timeout; once it is made the socket
        // timeout is the backstop again (twice the response timeout plus 5 s), or this statement would fail after 1 s.
        String schema = PostgresTestSupport.newSchema("longstatement");
        PostgresSettings settings = PostgresSettings.parse(PostgresTestSupport.url(), PostgresTestSupport.options(schema,
                MemoryOptions.CONNECT_TIMEOUT.key(), "1s", MemoryOptions.RESPONSE_TIMEOUT.key(), "10s"));
        try (PostgresDatabase database = new PostgresDatabase(settings)) {
            assertEquals(1, database.call("sleep", c -> c.fetch("select pg_sleep(2)")).size());
        } finally {
            PostgresTestSupport.dropSchema(schema);
        }
    }

    @Test
    void unknownDatabaseAndUnknownRoleAreConfigurationErrors() {
        String url = PostgresTestSupport.url();
        String unknownDb = PostgresStoreFixture.withAddress(url, "127.0.0.1:5432")
                .replaceFirst("(//[^/]+)/[^/?]+", "$1/agentmemory_missing_db");
        try (ShortTermMemory store = open(unknownDb)) {
            MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class, () -> store.size(SESSION));
            assertTrue(e.getMessage().contains("3D000"), e.getMessage());
        }
        String unknownRole = "postgresql://agentmemory_no_such_role:pw-not-shown@127.0.0.1:5432/test";
        try (ShortTermMemory store = open(unknownRole)) {
            MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class, () -> store.size(SESSION));
            assertTrue(e.getMessage().contains("28"), e.getMessage());
            assertFalse(e.getMessage().contains("pw-not-shown"), e.getMessage());
        }
    }
}
