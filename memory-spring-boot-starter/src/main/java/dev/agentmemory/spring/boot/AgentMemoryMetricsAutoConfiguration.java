package dev.agentmemory.spring.boot;

import dev.agentmemory.resilience.ResilienceListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters from the resilience events of the stores that {@link AgentMemoryAutoConfiguration} opens
 * (call latency per store, operation and outcome, retries, exhausted retries, circuit state, degradation, buffered,
 * replayed and lost writes; the meter names are in {@code docs/spring-ai.md}). Active when Micrometer is on the class
 * path; the meters go to the application's {@link MeterRegistry}, and nowhere when it has none.
 *
 * <p>Thread-safe, as Spring configuration classes are.
 */
@AutoConfiguration(before = AgentMemoryAutoConfiguration.class)
@ConditionalOnClass({ MeterRegistry.class, ResilienceListener.class })
public class AgentMemoryMetricsAutoConfiguration {

    /** Creates the configuration; Spring calls it. */
    public AgentMemoryMetricsAutoConfiguration() {
    }

    /**
     * The listener that records the events as meters.
     *
     * @param registries the application's meter registry, if any
     * @return the listener (one that records nothing when the application has no meter registry)
     */
    @Bean
    public ResilienceListener agentMemoryMetricsListener(ObjectProvider<MeterRegistry> registries) {
        MeterRegistry registry = registries.getIfUnique();
        return registry == null ? new ResilienceListener() { } : new MicrometerResilienceListener(registry);
    }
}
