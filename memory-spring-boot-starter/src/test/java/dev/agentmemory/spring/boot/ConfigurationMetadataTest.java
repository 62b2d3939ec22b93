package dev.agentmemory.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Option;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code META-INF/spring-configuration-metadata.json}, which IDEs read to complete {@code agentmemory.*} keys, is what
 * the option declarations generate (every provider on this module's test class path, memory-resilience, and the
 * shared options), plus the starter's own keys. Run with {@code -Dagentmemory.docs.write=true} to rewrite it.
 */
class ConfigurationMetadataTest {

    static final Path FILE = Path.of("src", "main", "resources", "META-INF", "spring-configuration-metadata.json");
    static final String REGENERATE = "mvn -o -q -B verify -pl memory-spring-boot-starter -am "
            + "-Dtest=ConfigurationMetadataTest -Dsurefire.failIfNoSpecifiedTests=false -DskipITs "
            + "-Dagentmemory.docs.write=true";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** The metadata the declarations give. */
    static String generate() {
        Map<String, Option<?>> options = new TreeMap<>();
        for (Option<?> o : MemoryOptions.shared()) {
            options.put(o.key(), o);
        }
        MemoryStores.declaredOptions().values().forEach(list -> list.forEach(o -> options.putIfAbsent(o.key(), o)));

        ObjectNode root = JSON.createObjectNode();
        root.putArray("groups").addObject().put("name", StoreSettings.PREFIX)
                .put("description", "agentmemory stores; every key but the starter's own is a store option, see "
                        + "docs/options.md.");
        ArrayNode properties = root.putArray("properties");
        own(properties, StoreSettings.SHORT_TERM_URI, "URI of the short-term store (for example redis://127.0.0.1:6379); "
                + "opens a ShortTermMemory and a Spring AI ChatMemoryRepository.", null);
        own(properties, StoreSettings.LONG_TERM_URI, "URI of the long-term store (for example "
                + "postgresql://127.0.0.1:5432/agents); opens a LongTermMemory and a Spring AI VectorStore.", null);
        own(properties, StoreSettings.TENANT, "Tenant of the chat memory repository's and vector store's scope.",
                StoreSettings.DEFAULT_TENANT);
        own(properties, StoreSettings.AGENT, "Agent of the chat memory repository's and vector store's scope.",
                StoreSettings.DEFAULT_AGENT);
        ArrayNode hints = JSON.createArrayNode();
        for (Option<?> o : options.values()) {
            ObjectNode p = properties.addObject();
            p.put("name", StoreSettings.PREFIX + "." + o.key());
            // An enum is declared as text with its values as hints: the option parses its own spelling (buffer-writes).
            p.put("type", o.type().isEnum() ? String.class.getName() : javaType(o.type()));
            p.put("description", o.description() + " Allowed: " + o.allowed() + ".");
            defaultValue(p, o);
            if (o.type().isEnum()) {
                ArrayNode values = hints.addObject().put("name", StoreSettings.PREFIX + "." + o.key()).putArray("values");
                enumValues(o).forEach(v -> values.addObject().put("value", v));
            }
        }
        root.set("hints", hints);
        return JSON.writeValueAsString(root) + "\n";
    }

    private static void own(ArrayNode properties, String key, String description, String defaultValue) {
        ObjectNode p = properties.addObject();
        p.put("name", StoreSettings.PREFIX + "." + key);
        p.put("type", String.class.getName());
        p.put("description", description);
        if (defaultValue != null) {
            p.put("defaultValue", defaultValue);
        }
    }

    private static String javaType(Class<?> type) {
        return type.getName().replace('$', '.');
    }

    private static <T> List<String> enumValues(Option<T> o) {
        List<String> values = new ArrayList<>();
        for (T constant : o.type().getEnumConstants()) {
            values.add(o.format(constant));
        }
        return values;
    }

    private static <T> void defaultValue(ObjectNode p, Option<T> o) {
        if (o.sensitive() || o.defaultValue().isEmpty()) {
            return;
        }
        T value = o.defaultValue().get();
        if (value instanceof Integer i) {
            p.put("defaultValue", i);
        } else if (value instanceof Double d) {
            p.put("defaultValue", d);
        } else if (value instanceof Boolean b) {
            p.put("defaultValue", b);
        } else {
            // durations, enums and text in the form the option parses (30s, BUFFER_WRITES)
            p.put("defaultValue", o.format(value));
        }
    }

    @Test
    void theMetadataFileIsWhatTheDeclarationsGenerate() throws IOException {
        String generated = generate();
        if (Boolean.getBoolean("agentmemory.docs.write")) {
            Files.writeString(FILE, generated, StandardCharsets.UTF_8);
        }
        String file = Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "(missing)";
        assertEquals(generated, file, FILE + " differs from the options' declarations; regenerate it with: "
                + REGENERATE);
    }

    @Test
    void theMetadataCoversTheKeysTheStarterDocuments() {
        JsonNode root = JSON.readTree(generate());
        List<String> names = new ArrayList<>();
        root.path("properties").forEach(p -> names.add(p.path("name").asString()));
        for (String key : List.of("agentmemory.short-term.uri", "agentmemory.long-term.uri", "agentmemory.tenant",
                "agentmemory.short-term.max-entries", "agentmemory.client-name", "agentmemory.resilience.degradation",
                "agentmemory.resilience.enabled", "agentmemory.redis.key-prefix", "agentmemory.postgres.schema")) {
            assertTrue(names.contains(key), key + " in " + names);
        }
        assertEquals(names.size(), names.stream().distinct().count(), "no key twice: " + names);
    }
}
