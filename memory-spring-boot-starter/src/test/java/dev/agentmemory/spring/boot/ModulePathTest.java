package dev.agentmemory.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.spring.boot.modulepath.ModulePathApp;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The starter as the automatic module {@code dev.agentmemory.spring.boot} (its jar's {@code Automatic-Module-Name}),
 * with its run-time dependencies exactly, on a child JVM's module path: Boot finds the auto-configuration and the
 * application gets the stores and the chat memory repository from properties alone. The jar is packed here from
 * {@code target/classes} and the same manifest file the jar plugin uses, because the tests run before packaging.
 */
class ModulePathTest {

    @Test
    void theStarterWorksAsAnAutomaticModuleOnTheModulePath() throws Exception {
        Path classes = Path.of(AgentMemoryAutoConfiguration.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        Path jar = Path.of("target", "modulepath", "memory-spring-boot-starter.jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest;
        try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = classes.relativize(f).toString().replace(File.separatorChar, '/');
                if (!name.equals("META-INF/MANIFEST.MF")) {
                    j.putNextEntry(new JarEntry(name));
                    Files.copy(f, j);
                    j.closeEntry();
                }
            }
        }
        List<String> modulePath = new ArrayList<>();
        modulePath.add(jar.toString());
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
