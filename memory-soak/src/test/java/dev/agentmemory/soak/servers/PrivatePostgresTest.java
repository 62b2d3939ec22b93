package dev.agentmemory.soak.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A private PostgreSQL cluster: a committed row survives an immediate stop, the restart keeps port and data,
 * connections are counted by application_name, and close ends every process and removes the directory. Also as root
 * (this machine's build), where the cluster must run as an unprivileged account.
 */
class PrivatePostgresTest {

    private static final Path PARENT = Path.of("target", "servers-test");

    @Test
    void aCommittedRowSurvivesAnImmediateStopAndTheRestartKeepsPortAndData() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.start(PARENT)) {
            int port = pg.port();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement s = c.createStatement()) {
                s.execute("create table kept (v text)");
                s.execute("insert into kept values ('committed')");
            }
            long postmaster = postmaster(pg);
            pg.crash();
            assertFalse(pg.running());
            assertTrue(ProcessState.ended(postmaster), "the postmaster ended");
            assertThrows(IllegalStateException.class, pg::crash, "crashing a stopped server is an error");

            pg.restart();
            assertTrue(pg.running());
            assertEquals(port, pg.port());
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("select v from kept")) {
                assertTrue(r.next());
                assertEquals("committed", r.getString(1), "crash recovery replayed the WAL");
            }
        }
    }

    @Test
    void connectionsAreCountedByApplicationNameWithoutCountingTheQuestion() throws SQLException {
        try (PrivatePostgres pg = PrivatePostgres.start(PARENT)) {
            assertEquals(0, pg.connectionsNamed("soak-client"));
            Properties named = new Properties();
            named.setProperty("ApplicationName", "soak-client");
            try (Connection a = DriverManager.getConnection(pg.jdbcUrl(), named);
                 Connection b = DriverManager.getConnection(pg.jdbcUrl(), named);
                 Connection other = DriverManager.getConnection(pg.jdbcUrl())) {
                assertEquals(2, pg.connectionsNamed("soak-client"));
            }
        }
    }

    @Test
    void closeEndsEveryProcessAndRemovesTheDirectory() throws IOException {
        PrivatePostgres pg = PrivatePostgres.start(PARENT);
        Path dir = pg.directory();
        long postmaster = postmaster(pg);
        List<ProcessHandle> children = ProcessHandle.of(postmaster).orElseThrow().children().toList();
        assertFalse(children.isEmpty(), "a running cluster has background processes");
        pg.close();
        pg.close();
        assertFalse(Files.exists(dir), "the directory is gone");
        assertTrue(ProcessState.ended(postmaster), "the postmaster is gone");
        assertTrue(children.stream().allMatch(c -> ProcessState.ended(c.pid())), "its children are gone");
        assertThrows(IllegalStateException.class, pg::restart, "a closed server does not come back");
    }

    private static long postmaster(PrivatePostgres pg) throws IOException {
        long fromFile = Long.parseLong(Files.readAllLines(pg.directory().resolve("data").resolve("postmaster.pid"))
                .get(0).trim());
        assertEquals(fromFile, pg.pid().orElseThrow());
        return fromFile;
    }
}
