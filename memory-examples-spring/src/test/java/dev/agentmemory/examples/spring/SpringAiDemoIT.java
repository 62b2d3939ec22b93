package dev.agentmemory.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.tck.TestServers;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * {@code bin/demo --spring-ai} as bin/demo launches it (the example's jar and its run-time dependencies on the class
 * path), against the test servers, in a namespace of its own that the test removes afterwards; and once on
 * {@code mem:}, as the README's command runs it.
 */
class SpringAiDemoIT {

    private static final Path DEMO_JAR = Path.of(System.getProperty("demo.jar", "target/memory-examples-spring.jar"));
    private static final Path LIB = Path.of(System.getProperty("demo.lib", "target/lib"));

    private final String namespace = "it_spring_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    record Run(int exit, String out, String err) {
    }

    static Run demo(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.util.logging.manager=org.apache.logging.log4j.jul.LogManager",
                "-cp", LIB.resolve("*") + File.pathSeparator + DEMO_JAR,
                "dev.agentmemory.examples.spring.SpringAiDemo"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("spring-demo", ".out");
        Path err = Files.createTempFile("spring-demo", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the demo did not finish within 180 s: " + command);
        }
        Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    private static void assertReport(Run run, String shortTerm, String longTerm) {
        assertEquals(0, run.exit(), run.out() + run.err());
        String out = run.out();
        assertTrue(out.contains("chat model    none: no chat model is reachable offline"), out);
        assertTrue(out.contains("Stored through VectorStore.add: 7 policy passages"), out);
        assertTrue(out.contains("4/4 searches found the expected passage first"), out);
        assertTrue(out.contains("6/6 questions answered from the expected passage"), out);
        assertTrue(out.contains("chat memory holds 5 messages for alice and 5 messages for bob"), out);
        assertTrue(out.contains("ChatMemoryRepository.findConversationIds: [alice, bob]"), out);
        assertTrue(out.contains("Health (Actuator's HealthEndpoint bean, as /actuator/health would serve it): UP"), out);
        assertTrue(out.matches("(?s).*\\n  agentMemoryShortTerm +UP .*"), out);
        assertTrue(out.matches("(?s).*\\n  agentMemoryLongTerm +UP .*"), out);
        // the starter's call timer, per store and operation, from the run's own calls
        assertTrue(out.matches("(?s).*\\n  short-term +appendAll +success +\\d+ .*"), out);
        assertTrue(out.matches("(?s).*\\n  long-term +search +success +10 .*"), out);
        assertTrue(out.contains("chat memory   " + shortTerm), out);
        assertTrue(out.contains("vector store  " + longTerm), out);
        assertTrue(out.endsWith("health UP.\n"), out);
        assertFalse(out.contains("password=agentmemory") || run.err().contains("password=agentmemory"),
                "no credentials in the output");
        assertEquals("", run.err(), "quiet by default: a run that succeeds writes nothing to stderr");
    }

    @Test
    void theBootApplicationKeepsChatMemoryOnRedisSearchesPostgresAndReportsHealthAndMetrics() throws Exception {
        String redis = TestServers.redis().uri();
        String postgres = TestServers.postgres().uri();
        Run run = demo("--redis", redis, "--postgres", postgres, "--namespace", namespace);
        assertReport(run, redis, "jdbc:postgresql://127.0.0.1");
        assertTrue(run.out().contains("key prefix " + namespace) && run.out().contains("schema " + namespace), run.out());

        // A second run starts from a cleared namespace: the same counts, nothing doubled.
        Run again = demo("--redis", redis, "--postgres", postgres, "--namespace", namespace);
        assertReport(again, redis, "jdbc:postgresql://127.0.0.1");
    }

    @Test
    void withoutServersItRunsOnMem() throws Exception {
        assertReport(demo(), "mem:", "mem:");
    }

    @Test
    void aBadNamespaceIsRejectedBeforeTheApplicationStarts() throws Exception {
        Run run = demo("--redis", "redis://127.0.0.1:1", "--namespace", "Bad-Name");
        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("--namespace 'Bad-Name' is not a lower-case identifier"), run.err());
    }

    @Test
    void anUnreachableRedisEndsWithOneLineAndExitCode1() throws Exception {
        Run run = demo("--redis", "redis://127.0.0.1:1", "--namespace", namespace);
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("agentmemory demo: the backend failed: cannot connect to Redis"), run.err());
        assertFalse(run.err().contains("Application run failed") || run.err().contains("\tat org.springframework"),
                "no Boot stack trace: " + run.err());
        assertEquals("", run.out(), "nothing printed before the application started");
    }

    @AfterEach
    void removeTheNamespace() throws Exception {
        Config config = new Config();
        config.useSingleServer().setAddress(TestServers.redis().uri());
        RedissonClient redis = Redisson.create(config);
        try {
            redis.getKeys().deleteByPattern(namespace + "*");
            assertEquals(0, redis.getKeys().getKeysStreamByPattern(namespace + "*").count(), "keys of " + namespace);
        } finally {
            redis.shutdown();
        }
        try (Connection c = DriverManager.getConnection(TestServers.postgres().uri()); Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + namespace + " cascade");
            try (ResultSet r = s.executeQuery("select count(*) from information_schema.schemata where schema_name = '"
                    + namespace + "'")) {
                r.next();
                assertEquals(0, r.getInt(1), "schema " + namespace + " removed");
            }
        }
    }
}
