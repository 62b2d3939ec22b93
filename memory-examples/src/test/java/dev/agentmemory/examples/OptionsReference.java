package dev.agentmemory.examples;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Option;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes {@code docs/options.md} from the options' declarations: {@link MemoryOptions#shared()} and what each
 * provider and decorator on the class path declares ({@link MemoryStores#declaredOptions()}). Nothing in the page is
 * written by hand, so it cannot drift from the code; {@link OptionsReferenceTest} fails when it does.
 */
final class OptionsReference {

    /** How to regenerate the page, printed at its top and in the test's failure message. */
    static final String REGENERATE = "mvn -o -q -B verify -pl memory-examples -am -Dtest=OptionsReferenceTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -DskipITs -Dagentmemory.docs.write=true";

    /**
     * The artifact of each provider and decorator this project ships, by its name. The examples module knows them
     * (it depends on all of them); memory-api does not.
     */
    static final Map<String, String> ARTIFACTS = Map.of(
            "inmemory", "memory-inmemory-provider",
            "redis", "memory-redis-provider",
            "postgres", "memory-postgres-provider",
            "resilience", "memory-resilience");

    private OptionsReference() {
    }

    /** @return the page */
    static String generate() {
        StringBuilder md = new StringBuilder();
        md.append("# Options reference\n\n")
                .append("<!-- Generated from the options' declarations by OptionsReferenceTest (memory-examples); do not "
                        + "edit. Regenerate with:\n     ").append(REGENERATE).append(" -->\n\n")
                .append("Every option is given in the `MemoryOptions` map, as the system property `agentmemory.<key>`"
                        + " or as the environment variable `AGENTMEMORY_<KEY>` (upper case, `.` and `-` written as"
                        + " `_`), looked up in that order. A duration is written as `250ms`, `30s`, `5m`, `1h`, `7d`"
                        + " or in ISO-8601 (`PT30S`). The value of a sensitive option never appears in `toString()`"
                        + " or in a message, and neither does the value of a key that no module declares.\n\n")
                .append("## Shared options (memory-api)\n\n")
                .append("Declared once in `MemoryOptions`, with one range each that every provider enforces.\n\n");
        table(md, MemoryOptions.shared());
        Set<String> shared = MemoryOptions.shared().stream().map(Option::key).collect(Collectors.toSet());
        Map<String, String> describedProviders = new TreeMap<>();
        for (String line : MemoryStores.providers()) {
            describedProviders.put(line.substring(0, line.indexOf(' ')), line.substring(line.indexOf(' ') + 1));
        }
        for (Map.Entry<String, List<Option<?>>> e : MemoryStores.declaredOptions().entrySet()) {
            String name = e.getKey();
            String artifact = ARTIFACTS.get(name);
            if (artifact == null) {
                throw new IllegalStateException("no artifact known for provider or decorator '" + name
                        + "': add it to OptionsReference.ARTIFACTS");
            }
            String schemes = describedProviders.get(name);
            md.append("## ").append(schemes != null ? "Provider" : "Decorator").append(" `").append(name)
                    .append("` (").append(artifact).append(")\n\n");
            if (schemes != null) {
                md.append("Schemes and capabilities: `").append(schemes).append("`.\n\n");
            }
            List<String> sharedRead = new ArrayList<>();
            List<Option<?>> own = new ArrayList<>();
            for (Option<?> o : e.getValue()) {
                if (shared.contains(o.key())) {
                    sharedRead.add("`" + o.key() + "`");
                } else {
                    own.add(o);
                }
            }
            if (!sharedRead.isEmpty()) {
                md.append("Reads the shared options ").append(String.join(", ", sharedRead)).append(".\n\n");
            }
            if (own.isEmpty()) {
                md.append("No options of its own.\n\n");
            } else {
                table(md, own);
            }
        }
        return md.toString().stripTrailing() + "\n";
    }

    private static void table(StringBuilder md, List<Option<?>> options) {
        md.append("| key | type | default | allowed | sensitive | description |\n")
                .append("| --- | --- | --- | --- | --- | --- |\n");
        for (Option<?> o : options) {
            md.append("| `").append(o.key()).append("` | ").append(o.typeName()).append(" | ")
                    .append(defaultOf(o)).append(" | ").append(cell(o.allowed())).append(" | ")
                    .append(o.sensitive() ? "yes" : "no").append(" | ").append(cell(o.description())).append(" |\n");
        }
        md.append('\n');
    }

    private static <T> String defaultOf(Option<T> o) {
        return o.defaultValue().map(v -> "`" + o.format(v) + "`").orElse("(none)");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
