package dev.agentmemory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The choice {@link TestServers} makes: the environment variable when set, else a container when Testcontainers and a
 * Docker engine are there, else a failure that says how to get a server. Driven here by a fake environment and fake
 * containers; the real container start needs a Docker engine.
 */
class TestServersTest {

    /** Fake containers: available or not, recording what was asked. */
    private static final class FakeContainers implements TestServers.Containers {
        private final Optional<String> unavailable;
        final List<String> asked = new ArrayList<>();

        FakeContainers(Optional<String> unavailable) {
            this.unavailable = unavailable;
        }

        @Override
        public Optional<String> unavailable() {
            asked.add("unavailable");
            return unavailable;
        }

        @Override
        public TestServer start(TestServers.Kind kind) {
            assertTrue(unavailable.isEmpty(), "start is asked only where containers are available");
            asked.add("start " + kind.image());
            return new TestServer("localhost:32768", "localhost", 32768, "testcontainers");
        }
    }

    private static FakeContainers docker() {
        return new FakeContainers(Optional.empty());
    }

    private static FakeContainers noDocker(String why) {
        return new FakeContainers(Optional.of(why));
    }

    @Test
    void theEnvironmentVariableWinsAndNoContainerIsAskedFor() {
        FakeContainers containers = docker();

        TestServer redis = TestServers.find(TestServers.REDIS,
                Map.of(TestServers.REDIS_ENV, "redis://:secret@10.0.0.5:6380/0")::get, containers);
        TestServer postgres = TestServers.find(TestServers.POSTGRES, Map.of(TestServers.POSTGRES_ENV,
                " jdbc:postgresql://db.example:5433/test?user=postgres ")::get, containers);

        assertEquals(List.of(), containers.asked, "with the variable set, Docker is not even probed");
        assertEquals("10.0.0.5", redis.host());
        assertEquals(6380, redis.port());
        assertEquals(TestServers.REDIS_ENV, redis.source());
        assertFalse(redis.toString().contains("secret"), redis.toString());
        assertEquals("db.example", postgres.host());
        assertEquals(5433, postgres.port());
        assertEquals("jdbc:postgresql://db.example:5433/test?user=postgres", postgres.uri());
    }

    @Test
    void defaultPortsApply() {
        assertEquals(6379, TestServers.find(TestServers.REDIS, Map.of(TestServers.REDIS_ENV, "redis://127.0.0.1")::get,
                noDocker("unused")).port());
        assertEquals(5432, TestServers.find(TestServers.POSTGRES,
                Map.of(TestServers.POSTGRES_ENV, "jdbc:postgresql://127.0.0.1/test")::get, noDocker("unused")).port());
    }

    @Test
    void withoutTheVariableAContainerIsStartedWhenDockerAnswers() {
        FakeContainers containers = docker();

        TestServer redis = TestServers.find(TestServers.REDIS, Map.of(TestServers.REDIS_ENV, " ")::get, containers);
        TestServer postgres = TestServers.find(TestServers.POSTGRES, Map.<String, String>of()::get, containers);

        assertEquals(List.of("unavailable", "start redis:7-alpine", "unavailable", "start postgres:15-alpine"),
                containers.asked);
        assertEquals("redis://localhost:32768", redis.uri());
        assertEquals("testcontainers", redis.source());
        assertEquals("jdbc:postgresql://localhost:32768/test?user=postgres", postgres.uri());
        assertEquals(32768, postgres.port());
    }

    @Test
    void withNeitherTheFailureNamesBothWaysAndWhyNoContainer() {
        FakeContainers containers = noDocker("Testcontainers is on the test class path but no Docker engine answers");

        IllegalStateException redis = assertThrows(IllegalStateException.class,
                () -> TestServers.find(TestServers.REDIS, Map.<String, String>of()::get, containers));
        IllegalStateException postgres = assertThrows(IllegalStateException.class,
                () -> TestServers.find(TestServers.POSTGRES, Map.<String, String>of()::get, containers));

        assertEquals(List.of("unavailable", "unavailable"), containers.asked, "nothing is started");
        assertEquals("No Redis server for the tests: AGENTMEMORY_TEST_REDIS_URI is not set, and Testcontainers is on "
                + "the test class path but no Docker engine answers. Either set the environment variable "
                + "AGENTMEMORY_TEST_REDIS_URI (for example AGENTMEMORY_TEST_REDIS_URI=redis://127.0.0.1:6379), or start "
                + "a Docker engine and put org.testcontainers:testcontainers on the test class path, so that the TCK "
                + "can start redis:7-alpine.", redis.getMessage());
        for (String part : List.of(TestServers.POSTGRES_ENV, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
                "no Docker engine answers", "org.testcontainers:testcontainers", "postgres:15-alpine")) {
            assertTrue(postgres.getMessage().contains(part), () -> part + " in: " + postgres.getMessage());
        }
    }

    @Test
    void theTckItselfLeavesTestcontainersToTheProviderAndSaysSo() {
        // memory-tck does not depend on Testcontainers (a provider that sets the variables need not carry it), so here
        // the real probe must report exactly that, not throw.
        assertFalse(TestServers.testcontainersOnClassPath());
        assertEquals(Optional.of("org.testcontainers:testcontainers is not on the test class path"),
                DockerContainers.INSTANCE.unavailable());
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
