package dev.agentmemory.tck;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;

/**
 * Compiles a small application module and runs it in a new JVM on the module path, to check a provider's module
 * graph as an application sees it. The suites run in Surefire's JVM, on the class path as a rule, so they cannot
 * see a missing {@code requires}, a service the module system does not bind, or a driver that does not resolve as
 * a module; this does:
 * {@code java --module-path <provider classes>:<its runtime dependencies>:<app> --module <app>/<main class>}, with no
 * class path and no {@code --add-modules}.
 *
 * <p>The provider's own classes and its runtime dependencies come from two system properties that the provider's
 * pom gives Surefire: {@value #CLASSES_DIR} (the compiled module, {@code target/classes}) and
 * {@value #MODULE_PATH_FILE} (a file with the runtime dependencies, written by {@code maven-dependency-plugin}'s
 * {@code build-classpath} goal with {@code includeScope=runtime}, so that no test dependency slips in).
 * docs/provider-authoring.md shows the pom and a complete smoke test.
 *
 * <p>Thread-safe: every run has its own temporary directory, removed afterwards.
 */
public final class ModulePathApp {

    /** System property: the provider's compiled module (a directory with {@code module-info.class}). */
    public static final String CLASSES_DIR = "agentmemory.test.classes-dir";
    /** System property: a file holding the provider's runtime dependencies, separated by the path separator. */
    public static final String MODULE_PATH_FILE = "agentmemory.test.module-path-file";
    /** How long the application may run; it has to open, use and close its stores and exit by itself. */
    public static final Duration TIMEOUT = Duration.ofMinutes(2);

    /**
     * What the application did.
     *
     * @param exitValue its exit value
     * @param output what it printed, standard output and standard error together
     */
    public record Result(int exitValue, String output) {
    }

    private ModulePathApp() {
    }

    /**
     * Compiles the application module under {@code sources} against the provider's runtime module path, then runs
     * its main class on the provider's module, its runtime dependencies and the application.
     *
     * @param sources the application's source directory, holding its {@code module-info.java} and packages, for
     *                example {@code src/test/smoke/com.example.acme.smoke}
     * @param mainModuleAndClass {@code module/class}, for example {@code com.example.acme.smoke/smoke.Main}
     * @param args the application's arguments (never printed by this class)
     * @return the exit value and the output, for the test to check
     * @throws AssertionError if a system property is missing, the application does not compile, or it does not exit
     *         within {@link #TIMEOUT}
     */
    public static Result run(Path sources, String mainModuleAndClass, String... args) {
        Path classes = Path.of(required(CLASSES_DIR));
        Assertions.assertTrue(Files.exists(classes.resolve("module-info.class")),
                () -> classes + " holds no module-info.class: the provider is not compiled as a module");
        @Nullable Path work = null;
        try {
            String runtime = Files.readString(Path.of(required(MODULE_PATH_FILE)), StandardCharsets.UTF_8).trim();
            work = Files.createTempDirectory("agentmemory-module-path-app-");
            Path app = work.resolve("app");
            compile(sources, runtime.isEmpty() ? classes.toString() : classes + File.pathSeparator + runtime, app);
            String modulePath = String.join(File.pathSeparator,
                    Stream.of(classes.toString(), runtime, app.toString()).filter(s -> !s.isEmpty()).toList());
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "--module-path", modulePath, "--module", mainModuleAndClass));
            command.addAll(List.of(args));
            // Into a file, not a pipe: reading a pipe would wait forever for an application that hangs.
            Path log = work.resolve("output.txt");
            Process java = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            java.getOutputStream().close();
            if (!java.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                java.destroyForcibly().waitFor();
                Assertions.fail(mainModuleAndClass + " did not exit within " + TIMEOUT + "; it printed:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(java.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + mainModuleAndClass, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while " + mainModuleAndClass + " ran", e);
        } finally {
            delete(work);
        }
    }

    private static void compile(Path sources, String modulePath, Path out) throws IOException {
        List<String> javacArgs = new ArrayList<>(List.of("--module-path", modulePath, "-d", out.toString()));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).forEach(javacArgs::add);
        }
        // java.util.spi.ToolProvider is in java.base: no module needs to read java.compiler for it.
        ToolProvider javac = ToolProvider.findFirst("javac")
                .orElseThrow(() -> new AssertionError("the tests run on a JRE: javac is needed to compile " + sources));
        StringWriter messages = new StringWriter();
        PrintWriter writer = new PrintWriter(messages);
        int status = javac.run(writer, writer, javacArgs.toArray(String[]::new));
        writer.flush();
        Assertions.assertEquals(0, status, () -> sources + " does not compile on the module path:\n" + messages);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        Assertions.assertNotNull(value, () -> "the system property " + property + " is not set: the pom's Surefire "
                + "configuration gives it (see docs/provider-authoring.md)");
        return value;
    }

    private static void delete(@Nullable Path work) {
        if (work == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the OS removes what is left
        }
    }
}
