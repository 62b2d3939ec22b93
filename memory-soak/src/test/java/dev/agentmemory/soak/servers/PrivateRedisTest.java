package dev.agentmemory.soak.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.faultproxy.resp.RespClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A private redis-server: a write it acknowledged survives kill -9, the restart keeps port and data, close removes all. */
class PrivateRedisTest {

    private static final Path PARENT = Path.of("target", "servers-test");

    @Test
    void anAcknowledgedWriteSurvivesACrashAndTheRestartKeepsPortAndData() throws IOException {
        try (PrivateRedis redis = PrivateRedis.start(PARENT)) {
            int port = redis.port();
            try (RespClient c = new RespClient("127.0.0.1", port, Duration.ofSeconds(10))) {
                assertEquals("OK", c.string("SET", "soak:key", "kept"));
            }
            long pid = pidOf(redis);
            redis.crash();
            assertFalse(redis.running());
            assertTrue(ProcessState.ended(pid), "kill -9 ended the process");
            assertThrows(IllegalStateException.class, redis::crash, "crashing a stopped server is an error");

            redis.restart();
            assertTrue(redis.running());
            assertEquals(port, redis.port());
            try (RespClient c = new RespClient("127.0.0.1", port, Duration.ofSeconds(10))) {
                assertEquals("kept", c.string("GET", "soak:key"), "appendfsync always: the write was in the AOF");
            }
            assertThrows(IllegalStateException.class, redis::restart, "restarting a running server is an error");
        }
    }

    @Test
    void connectionsAreCountedByClientNameWithoutCountingTheQuestion() throws IOException {
        try (PrivateRedis redis = PrivateRedis.start(PARENT);
             RespClient named = new RespClient("127.0.0.1", redis.port(), Duration.ofSeconds(10));
             RespClient other = new RespClient("127.0.0.1", redis.port(), Duration.ofSeconds(10))) {
            assertEquals(0, redis.connectionsNamed("soak-client"));
            assertEquals("OK", named.string("CLIENT", "SETNAME", "soak-client"));
            assertEquals("OK", other.string("CLIENT", "SETNAME", "someone-else"));
            assertEquals(1, redis.connectionsNamed("soak-client"));
        }
    }

    @Test
    void closeEndsTheServerAndRemovesItsDirectory() {
        PrivateRedis redis = PrivateRedis.start(PARENT);
        Path dir = redis.directory();
        long pid = pidOf(redis);
        assertTrue(Files.isDirectory(dir));
        redis.close();
        redis.close();
        assertFalse(Files.exists(dir), "the directory is gone");
        assertTrue(ProcessState.ended(pid), "the process is gone");
        assertThrows(IllegalStateException.class, redis::restart, "a closed server does not come back");
    }

    private static long pidOf(PrivateRedis redis) {
        return redis.pid().orElseThrow(() -> new AssertionError("no process for a running server"));
    }
}
