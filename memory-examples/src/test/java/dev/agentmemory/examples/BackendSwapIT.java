package dev.agentmemory.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.tck.TestServers;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The same demo jar, unchanged, launched in a real JVM on different module paths
 * ({@code java --module-path ... --module ...}, no class path, no {@code --add-modules}): the backend is chosen by
 * what the module path holds, never by the application's code.
 */
class BackendSwapIT {

    private static final Path DEMO_JAR = Path.of(System.getProperty("demo.jar", "target/memory-examples.jar"));
    private static final Path MODULES = Path.of(System.getProperty("demo.modules", "target/modules"));

    record Run(int exit, String out, String err, List<String> command) {
    }

    /** Every jar the demo can use, except the provider jars not named in {@code providers}. */
    static String modulePath(Set<String> providers) throws IOException {
        List<String> path = new ArrayList<>();
        try (Stream<Path> jars = Files.list(MODULES)) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> {
                String name = p.getFileName().toString();
                boolean provider = name.matches("memory-.*-provider-.*\\.jar");
                if (!provider || providers.stream().anyMatch(name::startsWith)) {
                    path.add(p.toString());
                }
            });
        }
        path.add(DEMO_JAR.toString());
        return String.join(File.pathSeparator, path);
    }

    static Run demo(String modulePath, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath,
                "--module", "dev.agentmemory.examples/dev.agentmemory.examples.ConversationDemo"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("demo", ".out");
        Path err = Files.createTempFile("demo", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the demo did not finish within 120 s: " + command);
        }
        Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), command);
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    @Test
    void demoRunsOnTheModulePathOnlyWithTheInMemoryProvider() throws Exception {
        Run run = demo(modulePath(Set.of("memory-inmemory-provider")));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("short-term  mem:  UP"), run.out());
        assertTrue(run.out().contains("5/5 questions recalled the right memory"), run.out());
        assertEquals("", run.err(), "quiet by default: a run that succeeds writes nothing to stderr");
        assertFalse(run.command().contains("-cp") || run.command().contains("--class-path")
                || run.command().contains("--add-modules"), "module path only: " + run.command());
    }

    @Test
    void demoRunsWithRedisShortTermMemoryWhenTheRedisProviderIsOnTheModulePath() throws Exception {
        String redis = TestServers.redis().uri();
        Run run = demo(modulePath(Set.of("memory-inmemory-provider", "memory-redis-provider")), "--short-term", redis);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("short-term  " + redis), run.out());
        assertTrue(run.out().contains("13 turns appended, 12 kept in short-term memory"), run.out());
        assertTrue(run.out().contains("5/5 questions recalled the right memory"), run.out());
    }

    @Test
    void demoRunsWithPostgresLongTermMemoryWhenThePostgresProviderIsOnTheModulePath() throws Exception {
        String postgres = TestServers.postgres().uri();
        Run run = demo(modulePath(Set.of("memory-inmemory-provider", "memory-postgres-provider")),
                "--long-term", postgres, "--short-term", postgres);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("long-term   jdbc:postgresql://127.0.0.1"), run.out());
        assertFalse(run.out().contains("password=agentmemory") || run.err().contains("password=agentmemory"),
                "no credentials in the output");
        assertTrue(run.out().contains("13 turns appended, 12 kept in short-term memory"), run.out());
        assertTrue(run.out().contains("5/5 questions recalled the right memory"), run.out());
    }

    @Test
    void chaosCutsRedisMidConversationAndNoTurnIsLostOrDuplicated() throws Exception {
        String redis = TestServers.redis().uri();
        Run run = demo(modulePath(Set.of("memory-redis-provider")), "--chaos", "--short-term", redis);
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("write executed, response lost"), run.out());
        assertTrue(run.out().contains("acknowledged, buffered for replay"), "the outage was seen: " + run.out());
        assertTrue(run.out().contains("13 in the backend: 0 lost, 0 duplicated, 0 sessions out of order."), run.out());
    }

    @Test
    void chaosWithoutTheResilienceModuleSaysWhatToAdd() throws Exception {
        String path = modulePath(Set.of("memory-redis-provider"));
        String withoutResilience = String.join(File.pathSeparator, Stream.of(path.split(File.pathSeparator))
                .filter(p -> !Path.of(p).getFileName().toString().startsWith("memory-resilience-")).toList());
        Run run = demo(withoutResilience, "--chaos");
        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("--chaos needs dev.agentmemory:memory-resilience on the module path"), run.err());
    }

    @Test
    void redisUriWithoutTheRedisProviderSaysWhatToAdd() throws Exception {
        Run run = demo(modulePath(Set.of("memory-inmemory-provider")), "--short-term", "redis://127.0.0.1:6379");
        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("Add the provider that serves 'redis:' to the module path"), run.err());
    }

    @Test
    void schemeWithoutItsProviderEndsWithTheDiscoveryMessageAndExitCode2() throws Exception {
        Run run = demo(modulePath(Set.of("memory-inmemory-provider")), "--short-term", "redis-cluster://:pw@127.0.0.1:7000");
        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("no short-term provider for scheme 'redis-cluster:'"), run.err());
        assertTrue(run.err().contains("Providers found: inmemory [mem]"), run.err());
        assertTrue(run.err().contains("Add the provider that serves 'redis-cluster:'"), run.err());
        assertFalse(run.err().contains("pw@"), "no credentials in the message: " + run.err());
    }

    @Test
    void withNoProviderAtAllTheDemoSaysWhatToAdd() throws Exception {
        Run run = demo(modulePath(Set.of()));
        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("no short-term provider for scheme 'mem:'. Providers found: none."), run.err());
        assertTrue(run.err().contains("Add the provider that serves 'mem:'"), run.err());
    }

    @Test
    void badArgumentsExitWith2AndUsage() throws Exception {
        Run run = demo(modulePath(Set.of("memory-inmemory-provider")), "--frobnicate");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("unknown argument: --frobnicate"), run.err());
        assertTrue(run.err().contains("usage: bin/demo"), run.err());
    }
}
