package dev.agentmemory.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentmemory.MemoryOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The properties in the form a deployment sets them, environment variables ({@code AGENTMEMORY_SHORTTERM_URI} for
 * {@code agentmemory.short-term.uri}, Spring Boot's canonical mapping), with Spring's precedence between sources: an
 * environment variable wins over {@code application.properties}.
 */
class EnvironmentVariablesTest {

    private static StandardEnvironment environment(Map<String, Object> variables, Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        var sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        sources.addLast(new MapPropertySource("application.properties", properties));
        return environment;
    }

    @Test
    void environmentVariablesSetTheUrisTheScopeAndAnyOption() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("AGENTMEMORY_SHORTTERM_URI", "mem:");
        variables.put("AGENTMEMORY_LONGTERM_URI", "mem:");
        variables.put("AGENTMEMORY_TENANT", "acme");
        variables.put("AGENTMEMORY_AGENT", "bot");
        variables.put("AGENTMEMORY_SHORTTERM_MAXENTRIES", "42");
        variables.put("AGENTMEMORY_RESILIENCE_BUFFER_REPLAYRATE", "250");
        StoreSettings settings = StoreSettings.of(environment(variables, Map.of()));
        assertEquals("mem:", settings.shortTermUri());
        assertEquals("mem:", settings.longTermUri());
        assertEquals("acme", settings.scope().tenant());
        assertEquals("bot", settings.scope().agent());
        assertEquals(42, settings.options().get(MemoryOptions.SHORT_TERM_MAX_ENTRIES));
        assertEquals("250", settings.options().explicitValues().get("resilience.buffer.replay-rate"));
    }

    @Test
    void anEnvironmentVariableWinsOverTheSamePropertyInAFile() {
        StoreSettings settings = StoreSettings.of(environment(
                Map.of("AGENTMEMORY_SHORTTERM_MAXENTRIES", "42"),
                Map.of("agentmemory.short-term.max-entries", "7", "agentmemory.short-term.uri", "mem:")));
        assertEquals(42, settings.options().get(MemoryOptions.SHORT_TERM_MAX_ENTRIES));
        assertEquals("mem:", settings.shortTermUri());
        // Written only in the file, an option keeps its value.
        settings = StoreSettings.of(environment(Map.of(), Map.of("agentmemory.short-term.max-entries", "7")));
        assertEquals(7, settings.options().get(MemoryOptions.SHORT_TERM_MAX_ENTRIES));
    }
}
