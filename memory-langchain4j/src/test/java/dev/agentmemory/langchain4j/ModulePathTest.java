package dev.agentmemory.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.langchain4j.modulepath.ModulePathApp;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The module-path facts of package-info: this module, memory-api, the in-memory provider and langchain4j-core with
 * its own dependencies, on the module path of a child JVM, resolved from this module alone (no {@code --add-modules}
 * for Jackson or SLF4J), store and read messages.
 */
class ModulePathTest {

    @Test
    void theModuleResolvesLangChain4jAndItsDependenciesOnTheModulePath() throws Exception {
        List<String> modulePath = new ArrayList<>();
        modulePath.add(Path.of(AgentMemoryChatMemoryStore.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("memory-api") || name.startsWith("memory-inmemory-provider") || name.equals("langchain4j-core-1.19.0.jar")
                    || name.matches("jackson-(core|databind|annotations)-.*") || name.startsWith("slf4j-api") || name.startsWith("jspecify")
                    || name.startsWith("snowball-stemmer") // required by the in-memory provider (its lexical search)
                    || entry.endsWith("memory-api/target/classes") || entry.endsWith("memory-inmemory-provider/target/classes")) {
                modulePath.add(entry);
            }
        }
        String testClasses = Path.of(ModulePathTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-p", String.join(File.pathSeparator, modulePath),
                "--add-modules", "dev.agentmemory.langchain4j,dev.agentmemory.inmemory",
                "-cp", testClasses, ModulePathApp.class.getName()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end in 60 s");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("dev.agentmemory.langchain4j langchain4j.core true"), out);
    }
}
