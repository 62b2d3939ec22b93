package dev.agentmemory.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/options.md} is what the declarations generate, so that the options reference cannot drift from the code.
 * Run with {@code -Dagentmemory.docs.write=true} to rewrite the page instead of checking it.
 */
class OptionsReferenceTest {

    private static final Path PAGE = Path.of("..", "docs", "options.md");

    @Test
    void docsOptionsMdIsWhatTheDeclarationsGenerate() throws IOException {
        String generated = OptionsReference.generate();
        if (Boolean.getBoolean("agentmemory.docs.write")) {
            Files.writeString(PAGE, generated, StandardCharsets.UTF_8);
        }
        String page = Files.exists(PAGE) ? Files.readString(PAGE, StandardCharsets.UTF_8) : "(missing)";
        assertEquals(generated, page, PAGE + " differs from the options' declarations; regenerate it with: "
                + OptionsReference.REGENERATE);
    }

    @Test
    void everyProviderAndTheResilienceDecoratorAreDocumented() {
        assertEquals(OptionsReference.ARTIFACTS.keySet(), MemoryStores.declaredOptions().keySet(),
                "the page covers what this module sees: every provider and memory-resilience");
        String page = OptionsReference.generate();
        // The drift that made the README wrong: the schema option's key, and the smallest candidate count.
        assertTrue(page.contains("| `postgres.schema` |"), page);
        assertTrue(page.contains("| `postgres.candidates` | integer | `300` | an integer from 100 to 10000 |"), page);
    }
}
