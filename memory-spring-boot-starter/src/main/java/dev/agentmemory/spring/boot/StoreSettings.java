package dev.agentmemory.spring.boot;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Scope;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.Environment;

/**
 * What the {@code agentmemory.*} properties say: the two stores' URIs, the scope, and every other key as a
 * {@link MemoryOptions} key ({@code agentmemory.short-term.max-entries} is the option {@code short-term.max-entries}),
 * in any form Spring Boot's relaxed binding accepts: {@code AGENTMEMORY_SHORTTERM_MAXENTRIES} as an environment
 * variable. Immutable.
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
        Binder binder = Binder.get(environment);
        Map<String, String> all = new TreeMap<>();
        // Every key the starter or a store on the path declares, bound by its own name: Spring's relaxed binding then
        // finds it in any form a source writes it, an environment variable (AGENTMEMORY_SHORTTERM_URI for
        // agentmemory.short-term.uri) included, with the usual precedence between sources.
        Set<String> known = knownKeys();
        for (String key : known) {
            String name = PREFIX + "." + key;
            if (ConfigurationPropertyName.isValid(name)) {
                binder.bind(name, String.class).ifBound(value -> all.put(key, value));
            }
        }
        // Keys no one declares pass as written (a map of scalars binds nested names as dotted keys:
        // agentmemory.x.y -> x.y), unless they are another spelling of a declared key, bound above.
        Set<String> knownCanonical = new HashSet<>();
        known.forEach(key -> knownCanonical.add(canonical(key)));
        binder.bind(PREFIX, Bindable.mapOf(String.class, String.class)).orElse(Map.of()).forEach((key, value) -> {
            if (!knownCanonical.contains(canonical(key))) {
                all.putIfAbsent(key, value);
            }
        });
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

    /** @return the starter's own keys, the options every store shares and those of every provider and decorator found */
    private static Set<String> knownKeys() {
        Set<String> keys = new TreeSet<>(OWN_KEYS);
        MemoryOptions.shared().forEach(o -> keys.add(o.key()));
        MemoryStores.declaredOptions().values().forEach(list -> list.forEach(o -> keys.add(o.key())));
        return keys;
    }

    /** A key without case, dashes and underscores: the part of a name that every relaxed spelling keeps. */
    private static String canonical(String key) {
        return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
