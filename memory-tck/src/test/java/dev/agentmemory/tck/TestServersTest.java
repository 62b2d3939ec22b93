package dev.agentmemory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestServersTest {

    private static final TestServers.Containers NO_DOCKER = (image, port, env, log, times) -> Optional.empty();

    @Test
    void redisComesFromTheEnvironment() {
        TestServer s = TestServers.redis(Map.of(TestServers.REDIS_ENV, "redis://:secret@10.0.0.5:6380/0")::get, NO_DOCKER);

        assertEquals("10.0.0.5", s.host());
        assertEquals(6380, s.port());
        assertEquals(TestServers.REDIS_ENV, s.source());
        assertTrue(!s.toString().contains("secret"), s.toString());
    }

    @Test
    void postgresComesFromTheEnvironmentAsAJdbcUrl() {
        TestServer s = TestServers.postgres(Map.of(TestServers.POSTGRES_ENV,
                "jdbc:postgresql://db.example:5433/test?user=postgres")::get, NO_DOCKER);

        assertEquals("db.example", s.host());
        assertEquals(5433, s.port());
        assertEquals("jdbc:postgresql://db.example:5433/test?user=postgres", s.uri());
    }

    @Test
    void defaultPortsApply() {
        assertEquals(6379, TestServers.redis(Map.of(TestServers.REDIS_ENV, "redis://127.0.0.1")::get, NO_DOCKER).port());
        assertEquals(5432, TestServers.postgres(Map.of(TestServers.POSTGRES_ENV, "jdbc:postgresql://127.0.0.1/test")::get,
                NO_DOCKER).port());
    }

    @Test
    void withoutEnvironmentOrDockerTheMessageNamesBothWays() {
        IllegalStateException redis = assertThrows(IllegalStateException.class,
                () -> TestServers.redis(Map.<String, String>of()::get, NO_DOCKER));
        IllegalStateException postgres = assertThrows(IllegalStateException.class,
                () -> TestServers.postgres(Map.<String, String>of()::get, NO_DOCKER));

        assertTrue(redis.getMessage().contains(TestServers.REDIS_ENV) && redis.getMessage().contains("Docker")
                && redis.getMessage().contains("testcontainers"), redis.getMessage());
        assertTrue(postgres.getMessage().contains(TestServers.POSTGRES_ENV) && postgres.getMessage().contains("Docker"),
                postgres.getMessage());
    }

    @Test
    void containersAreAskedWhenTheEnvironmentIsEmpty() {
        TestServers.Containers docker = (image, port, env, log, times) ->
                Optional.of(new TestServer("", "localhost", 32768, "testcontainers"));

        TestServer s = TestServers.redis(Map.<String, String>of()::get, docker);

        assertEquals("redis://localhost:32768", s.uri());
        assertEquals("testcontainers", s.source());
    }

    @Test
    void withoutTestcontainersOnThePathTheRealLookupFindsNone() {
        // This module's tests do not have Testcontainers: the reflective lookup must say so, not throw.
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TestServers.redis(Map.<String, String>of()::get, TestServers::startContainer));
        assertTrue(e.getMessage().contains(TestServers.REDIS_ENV), e.getMessage());
    }

    @Test
    void redisConnectionsAreCountedByClientName() throws Exception {
        String uri = System.getenv(TestServers.REDIS_ENV);
        org.junit.jupiter.api.Assumptions.assumeTrue(uri != null, TestServers.REDIS_ENV + " is not set");
        TestServer redis = TestServers.redis();
        String name = Ids.unique("tck-count");
        try (java.net.Socket named = new java.net.Socket(redis.host(), redis.port())) {
            named.getOutputStream().write(("CLIENT SETNAME " + name + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            named.getOutputStream().flush();
            named.getInputStream().read(new byte[5]);

            assertEquals(1, TestServers.redisConnections(redis, name));
        }
        Await.assertEventually(java.time.Duration.ofSeconds(5), () -> TestServers.redisConnections(redis, name) == 0,
                () -> "the closed connection is gone");
    }
}
