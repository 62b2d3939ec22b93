package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the module graph: compiles a small application module that requires only {@code dev.agentmemory.api}
 * and runs it in a real JVM with {@code java --module-path ... --module ...} (no {@code --add-modules}, no class
 * path) on exactly this module's runtime dependencies. The provider must be bound as a service, Agroal must find
 * its pool, Flyway its PostgreSQL support and its migrations, jOOQ and pgjdbc must load: a driver upgrade that
 * breaks any of it fails here.
 */
class ModulePathSmokeTest {

    @Test
    void aModularApplicationOpensAndUsesBothPostgresStores() throws Exception {
        Path classes = Path.of(required("agentmemory.test.classes-dir"));
        String runtime = Files.readString(Path.of(required("agentmemory.test.module-path-file"))).trim();
        assertTrue(Files.exists(classes.resolve("module-info.class")), "the provider is compiled as a module");
        String schema = PostgresTestSupport.newSchema("smoke");
        String client = PostgresTestSupport.newClientName("smoke");
        Path work = Files.createTempDirectory("amtest-pg-smoke-");
        try {
            Path app = work.resolve("app");
            // java.util.spi.ToolProvider is in java.base, so the test module need not read java.compiler.
            ToolProvider javac = ToolProvider.findFirst("javac").orElse(null);
            assertNotNull(javac, "a JDK (with javac) runs the tests");
            List<String> sources;
            try (Stream<Path> files = Files.walk(Path.of("src/test/smoke/agentmemory.smoke.postgres"))) {
                sources = files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
            }
            List<String> args = new ArrayList<>(List.of("--module-path", runtime, "-d", app.toString()));
            args.addAll(sources);
            StringWriter out = new StringWriter();
            PrintWriter pw = new PrintWriter(out);
            assertEquals(0, javac.run(pw, pw, args.toArray(String[]::new)), () -> "the smoke app compiles: " + out);

            String modulePath = classes + File.pathSeparator + runtime + File.pathSeparator + app;
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder(java.toString(), "--module-path", modulePath,
                    "--module", "agentmemory.smoke.postgres/smoke.postgres.Main", PostgresTestSupport.url(), schema, client)
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the JVM exits by itself once the stores are closed");
            assertEquals(0, p.exitValue(), output);
            assertTrue(output.contains("SMOKE hits=1 entries=1 searchMode=cube health=UP providerModule=true "
                    + "classPath=true"), output);
            assertFalse(output.contains("NoClassDefFoundError"), output);
            assertEquals(0, PostgresTestSupport.connectionsAfterClose(client), "the app's connections are gone");
        } finally {
            PostgresTestSupport.dropSchema(schema);
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a temporary directory; the OS cleans it up
            }
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        assertNotNull(value, property + " is set by the Surefire configuration in pom.xml");
        return value;
    }
}
