package dev.agentmemory.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.springai.modulepath.ModulePathApp;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The module-path facts of package-info and module-info: this module, the in-memory provider and this module's run-time
 * dependencies exactly (Spring AI's automatic modules and what they use), on the module path of a child JVM, resolved
 * from this module alone (no {@code --add-modules} for Spring AI's own dependencies), store and read messages and
 * search a document.
 */
class ModulePathTest {

    @Test
    void theModuleResolvesSpringAiAndItsDependenciesOnTheModulePath() throws Exception {
        List<String> modulePath = new ArrayList<>();
        modulePath.add(Path.of(AgentMemoryChatMemoryRepository.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString());
        String runtime = Files.readString(Path.of("target", "runtime-path.txt")).trim();
        for (String entry : runtime.split(File.pathSeparator)) {
            modulePath.add(entry);
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            // the in-memory provider and what it requires (the stemmer of its lexical search)
            if (name.startsWith("memory-inmemory-provider") || entry.endsWith("memory-inmemory-provider/target/classes")
                    || name.startsWith("snowball-stemmer")) {
                modulePath.add(entry);
            }
        }
        String testClasses = Path.of(ModulePathTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-p", String.join(File.pathSeparator, modulePath),
                "--add-modules", "dev.agentmemory.springai,dev.agentmemory.inmemory",
                "-cp", testClasses, ModulePathApp.class.getName()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end in 60 s");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("dev.agentmemory.springai spring.ai.model true spring.ai.vector.store spring.ai.commons"), out);
    }
}
