package dev.agentmemory.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.spring.boot.modulepath.ModulePathApp;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The starter's module {@code dev.agentmemory.spring.boot}, with its run-time dependencies exactly, on a child JVM's
 * module path, resolved from this module alone: Boot finds the auto-configuration and the application gets the stores
 * and the chat memory repository from properties alone. As an automatic module (the first version) it failed here:
 * an automatic module makes the module system resolve no explicit module, and the first Spring log call threw
 * NoClassDefFoundError: org/apache/commons/logging/LogFactory.
 */
class ModulePathTest {

    @Test
    void theStarterModuleWorksOnTheModulePath() throws Exception {
        Path classes = Path.of(AgentMemoryAutoConfiguration.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        List<String> modulePath = new ArrayList<>();
        modulePath.add(classes.toString());
        modulePath.addAll(List.of(Files.readString(Path.of("target", "runtime-path.txt")).trim().split(File.pathSeparator)));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            // the in-memory provider and what it requires (the stemmer of its lexical search)
            if (name.startsWith("memory-inmemory-provider") || entry.endsWith("memory-inmemory-provider/target/classes")
                    || name.startsWith("snowball-stemmer")) {
                modulePath.add(entry);
            }
        }
        String testClasses = Path.of(ModulePathApp.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-p", String.join(File.pathSeparator, modulePath),
                "--add-modules", "dev.agentmemory.spring.boot,dev.agentmemory.inmemory",
                "-cp", testClasses, ModulePathApp.class.getName()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM did not end in 120 s");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("starter module dev.agentmemory.spring.boot named true messages 1"), out);
    }
}
