/**
 * The agentmemory TCK: JUnit 5 contract suites that every provider runs unchanged, the in-JVM
 * {@link dev.agentmemory.faultproxy.FaultProxy}, and fixtures that find a Redis or PostgreSQL server for tests.
 *
 * <p>A provider author adds this module with test scope, implements {@link dev.agentmemory.tck.StoreFixture}
 * and writes one test class that extends {@link dev.agentmemory.tck.ProviderTck}: every suite
 * ({@link dev.agentmemory.tck.ShortTermMemoryTck}, {@link dev.agentmemory.tck.LongTermMemoryTck}, ...) runs from it. Testcontainers is never required: when it is on the class path and a Docker engine answers,
 * {@link dev.agentmemory.tck.TestServers} uses it by reflection, so it stays out of this module graph.
 */
module dev.agentmemory.tck {
    requires transitive dev.agentmemory.api;
    requires transitive dev.agentmemory.faultproxy;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires java.sql;
    requires static org.jspecify;

    exports dev.agentmemory.tck;
    // JUnit discovers and calls the inherited test methods by reflection.
    opens dev.agentmemory.tck;
}
