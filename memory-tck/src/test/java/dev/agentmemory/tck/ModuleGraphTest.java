package dev.agentmemory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * These tests run on the class path; this one resolves {@code dev.agentmemory.tck} on a real module path
 * ({@code java --module-path ... --add-modules dev.agentmemory.tck}), so a missing {@code requires} fails the build.
 */
class ModuleGraphTest {

    @Test
    void theTckModuleResolvesOnTheModulePath() throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String modulePath = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(p -> !p.endsWith("test-classes") && !p.contains("surefire"))
                .filter(p -> Files.exists(Path.of(p)))
                .collect(Collectors.joining(File.pathSeparator));
        assertTrue(modulePath.contains("classes"), "the module's own classes are on the path: " + modulePath);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath, "--add-modules", "dev.agentmemory.tck", "--show-module-resolution", "-version"));

        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(java.waitFor(60, TimeUnit.SECONDS), "java did not finish");

        assertEquals(0, java.exitValue(), output);
        assertTrue(output.contains("dev.agentmemory.tck requires dev.agentmemory.api"), output);
        assertTrue(output.contains("dev.agentmemory.tck requires org.junit.jupiter.params"), output);
    }
}
