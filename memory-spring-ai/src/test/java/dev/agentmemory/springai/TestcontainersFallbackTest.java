package dev.agentmemory.springai;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.tck.TestServers;
import org.junit.jupiter.api.Test;

/**
 * This module's tests need servers: without the environment variables, TestServers starts containers through
 * Testcontainers, which only works if the pom keeps it on the test class path (issue 10, defect 12).
 */
class TestcontainersFallbackTest {

    @Test
    void testcontainersIsOnTheTestClassPathForTheFallback() {
        assertTrue(TestServers.testcontainersOnClassPath(), "org.testcontainers:testcontainers is missing from the "
                + "test dependencies in pom.xml: without the AGENTMEMORY_TEST_* variables no server could be started");
    }
}
