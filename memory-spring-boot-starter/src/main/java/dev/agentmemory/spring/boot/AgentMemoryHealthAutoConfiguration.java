package dev.agentmemory.spring.boot;

import dev.agentmemory.Health;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.ShortTermMemory;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator health indicators {@code agentMemoryShortTerm} and {@code agentMemoryLongTerm}, one per store bean, from
 * the store's {@code health()}. {@link Health.Status#UP} is {@link Status#UP}, {@link Health.Status#DOWN} is
 * {@link Status#DOWN}, and {@link Health.Status#DEGRADED} is the status {@value #DEGRADED} (HTTP 200 by default;
 * Boot leaves a status missing from {@code management.endpoint.health.status.order} out of the aggregate, so list it
 * there to make it show in the aggregate). The details are
 * {@code detail}, {@code latency} (when the check made a round trip) and the store's attributes; a store never puts
 * credentials in them.
 *
 * <p>Thread-safe, as Spring configuration classes are.
 */
@AutoConfiguration(after = AgentMemoryAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
public class AgentMemoryHealthAutoConfiguration {

    /** The Actuator status code of a degraded store. */
    public static final String DEGRADED = "DEGRADED";

    /** Creates the configuration; Spring calls it. */
    public AgentMemoryHealthAutoConfiguration() {
    }

    /** The short-term store's indicator, when there is a short-term store. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(ShortTermMemory.class)
    static class ShortTerm {
        @Bean
        HealthIndicator agentMemoryShortTermHealthIndicator(ShortTermMemory memory) {
            return () -> toActuator(memory::health);
        }
    }

    /** The long-term store's indicator, when there is a long-term store. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(LongTermMemory.class)
    static class LongTerm {
        @Bean
        HealthIndicator agentMemoryLongTermHealthIndicator(LongTermMemory memory) {
            return () -> toActuator(memory::health);
        }
    }

    static org.springframework.boot.health.contributor.Health toActuator(Supplier<Health> check) {
        Health health = check.get();
        Status status = switch (health.status()) {
            case UP -> Status.UP;
            case DEGRADED -> new Status(DEGRADED, health.detail());
            case DOWN -> Status.DOWN;
        };
        org.springframework.boot.health.contributor.Health.Builder builder =
                org.springframework.boot.health.contributor.Health.status(status).withDetail("detail", health.detail());
        if (health.latency() != null) {
            builder.withDetail("latency", health.latency().toString());
        }
        health.attributes().forEach(builder::withDetail);
        return builder.build();
    }
}
