package dev.agentmemory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Guards the module graph: compiles a small application module that requires only {@code dev.agentmemory.api},
 * then runs it in a real JVM with {@code java --module-path ... --module ...} (no {@code --add-modules}, no class
 * path) on exactly this module's runtime dependencies. The provider must be found by service binding and
 * Redisson must find everything it loads (slf4j, Jackson, RxJava, Byte Buddy: see module-info.java). A Redisson
 * upgrade that changes what it needs fails here.
 */
class ModulePathSmokeTest {

    @Test
    void aModularApplicationOpensAndUsesARedisStore() throws Exception {
        Path classes = Path.of(required("agentmemory.test.classes-dir"));
        String runtime = Files.readString(Path.of(required("agentmemory.test.module-path-file"))).trim();
        assertTrue(Files.exists(classes.resolve("module-info.class")), "the provider is compiled as a module");

        Path work = Files.createTempDirectory("amtest-smoke-");
        try {
            Path app = work.resolve("app");
            // java.util.spi.ToolProvider (java.base), so the test module need not read java.compiler.
            ToolProvider javac = ToolProvider.findFirst("javac").orElse(null);
            assertNotNull(javac, "a JDK (with javac) runs the tests");
            List<String> sources;
            try (Stream<Path> files = Files.walk(Path.of("src/test/smoke/agentmemory.smoke.redis"))) {
                sources = files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
            }
            List<String> javacArgs = new ArrayList<>(List.of("--module-path", runtime, "-d", app.toString()));
            javacArgs.addAll(sources);
            java.io.StringWriter javacOut = new java.io.StringWriter();
            java.io.PrintWriter pw = new java.io.PrintWriter(javacOut);
            assertEquals(0, javac.run(pw, pw, javacArgs.toArray(String[]::new)), () -> "the smoke app compiles: " + javacOut);

            String prefix = SharedRedis.uniquePrefix("smoke");
            String modulePath = classes + File.pathSeparator + runtime + File.pathSeparator + app;
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder(java.toString(), "--module-path", modulePath,
                    "--module", "agentmemory.smoke.redis/smoke.redis.Main", SharedRedis.uri(), prefix)
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the JVM exits by itself once the store is closed");
            try {
                assertEquals(0, p.exitValue(), output);
                assertTrue(output.contains("SMOKE entries=1 health=UP providerModule=true classPath=true"), output);
                assertFalse(output.contains("NoClassDefFoundError"), output);
            } finally {
                SharedRedis.deletePrefix(prefix);
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // temp files
            }
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        assertNotNull(value, property + " is set by the Surefire configuration in pom.xml");
        return value;
    }
}
