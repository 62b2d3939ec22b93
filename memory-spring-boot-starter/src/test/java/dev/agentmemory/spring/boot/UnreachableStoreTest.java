package dev.agentmemory.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A short-term store whose Redis does not answer, opened by the starter with {@code buffer-writes}: the resilience
 * layer's real events reach the Micrometer meters, and the health indicator reports the degraded store as
 * {@value AgentMemoryHealthAutoConfiguration#DEGRADED}.
 */
class UnreachableStoreTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    /** A local port with nothing listening on it. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void retriesBufferedWritesAndDegradationBecomeMetersAndADegradedHealth() throws IOException {
        String uri = "redis://127.0.0.1:" + closedPort();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE).properties(Map.ofEntries(
                        Map.entry("agentmemory.short-term.uri", uri),
                        Map.entry("agentmemory.connect-timeout", "200ms"),
                        Map.entry("agentmemory.close-timeout", "1s"),
                        Map.entry("agentmemory.resilience.max-retries", "2"),
                        Map.entry("agentmemory.resilience.backoff-initial", "10ms"),
                        Map.entry("agentmemory.resilience.backoff-max", "20ms"),
                        Map.entry("agentmemory.resilience.degradation", "buffer-writes"))).run()) {
            ShortTermMemory store = context.getBean(ShortTermMemory.class);
            // acknowledged from the outbox: the backend does not answer
            store.append(SessionRef.of("acme", "bot", "s1"), NewEntry.of("user", "hello"));

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            String backend = "short-term " + uri;
            assertEquals(2.0, meters.get(MicrometerResilienceListener.RETRIES).tag("backend", backend)
                    .tag("operation", "append").counter().count());
            assertEquals(1.0, meters.get(MicrometerResilienceListener.RETRIES_EXHAUSTED).tag("backend", backend)
                    .counter().count());
            assertEquals(1.0, meters.get(MicrometerResilienceListener.BUFFER_BUFFERED).tag("backend", backend)
                    .counter().count());
            assertEquals(1.0, meters.get(MicrometerResilienceListener.BUFFER_PENDING).tag("backend", backend)
                    .gauge().value());
            assertEquals(1.0, meters.get(MicrometerResilienceListener.DEGRADED).tag("backend", backend).gauge().value());
            assertEquals(1, meters.get(MicrometerResilienceListener.CALLS).tag("backend", backend)
                    .tag("operation", "append").tag("outcome", "degraded").timer().count(),
                    "the append, answered from the outbox, timed once with its retries");

            var health = ((HealthIndicator) context.getBean("agentMemoryShortTermHealthIndicator")).health();
            assertEquals(AgentMemoryHealthAutoConfiguration.DEGRADED, health.getStatus().getCode(), health.toString());
            assertTrue(health.getDetails().containsKey("detail"), health.toString());
        }
    }
}
