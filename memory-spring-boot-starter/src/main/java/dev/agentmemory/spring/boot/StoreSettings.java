package dev.agentmemory.spring.boot;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.Scope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * What the {@code agentmemory.*} properties say: the two stores' URIs, the scope, and every other key as a
 * {@link MemoryOptions} key ({@code agentmemory.short-term.max-entries} is the option {@code short-term.max-entries}).
 * Immutable.
 */
record StoreSettings(@Nullable String shortTermUri, @Nullable String longTermUri, Scope scope, MemoryOptions options) {

    /** The prefix of every property the starter reads. */
    static final String PREFIX = "agentmemory";
    /** The starter's own keys (under {@link #PREFIX}); every other key is a store option. */
    static final String SHORT_TERM_URI = "short-term.uri";
    static final String LONG_TERM_URI = "long-term.uri";
    static final String TENANT = "tenant";
    static final String AGENT = "agent";
    static final String DEFAULT_TENANT = "default";
    static final String DEFAULT_AGENT = "default";
    private static final Set<String> OWN_KEYS = Set.of(SHORT_TERM_URI, LONG_TERM_URI, TENANT, AGENT);

    static StoreSettings of(Environment environment) {
        // A map of scalars binds nested names as dotted keys: agentmemory.short-term.max-entries -> short-term.max-entries.
        Map<String, String> all = new TreeMap<>(Binder.get(environment)
                .bind(PREFIX, Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
        Map<String, String> options = new LinkedHashMap<>();
        all.forEach((key, value) -> {
            if (!OWN_KEYS.contains(key)) {
                options.put(key, value);
            }
        });
        // Scope's constructor rejects a blank or malformed tenant or agent with a message naming it.
        Scope scope = new Scope(all.getOrDefault(TENANT, DEFAULT_TENANT), all.getOrDefault(AGENT, DEFAULT_AGENT));
        return new StoreSettings(blankToNull(all.get(SHORT_TERM_URI)), blankToNull(all.get(LONG_TERM_URI)), scope,
                MemoryOptions.of(options));
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
