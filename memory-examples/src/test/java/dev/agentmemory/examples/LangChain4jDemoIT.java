package dev.agentmemory.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.tck.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * {@code bin/demo --langchain4j} as bin/demo launches it (the demo jar on the module path, LangChain4j's jars as
 * automatic modules), against the test servers, in a namespace of its own that the test removes afterwards.
 */
class LangChain4jDemoIT {

    private final String namespace = "it_lc4j_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Test
    void aiServiceKeepsItsChatMemoryOnRedisAndRecallsTheRightPolicyFromPostgres() throws Exception {
        String redis = TestServers.redis().uri();
        String postgres = TestServers.postgres().uri();
        BackendSwapIT.Run run = BackendSwapIT.demo(BackendSwapIT.modulePath(Set.of("memory-redis-provider",
                "memory-postgres-provider")), "--langchain4j", "--redis", redis, "--postgres", postgres,
                "--namespace", namespace);
        assertEquals(0, run.exit(), run.out() + run.err());
        String out = run.out();
        assertTrue(out.contains("none: no chat model is reachable offline"), out);
        assertTrue(out.contains("Stored in PostgreSQL: 6 policy segments, embedded with all-MiniLM-L6-v2 (384 dimensions)"), out);
        assertTrue(out.contains("4/4 questions recalled the expected segment first"), out);
        // The AI service's system message and alice's three questions, augmented with what was retrieved; no answer.
        assertTrue(out.contains("chat memory on Redis holds 4 messages for alice and 2 messages for bob"), out);
        assertTrue(out.contains("Answer using the following information:"), "the augmented user message: " + out);
        assertTrue(out.contains("4 calls, each ended with ModelDisabledException before any answer"), out);
        assertFalse(Pattern.compile("(?m)^\\s*\\d+\\s+AI\\s").matcher(out).find(), "no AI message, no invented answer: " + out);
        assertTrue(out.contains("0 model answers shown"), out);
        assertFalse(out.contains("password=agentmemory") || run.err().contains("password=agentmemory"),
                "no credentials in the output");
        assertEquals("", run.err(), "quiet by default: a run that succeeds writes nothing to stderr");
        assertFalse(run.command().contains("-cp") || run.command().contains("--add-modules"), "module path only");

        // A second run starts from a cleared namespace: the same counts, nothing doubled.
        BackendSwapIT.Run again = BackendSwapIT.demo(BackendSwapIT.modulePath(Set.of("memory-redis-provider",
                "memory-postgres-provider")), "--langchain4j", "--redis", redis, "--postgres", postgres,
                "--namespace", namespace);
        assertEquals(0, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains("chat memory on Redis holds 4 messages for alice and 2 messages for bob"), again.out());
    }

    @Test
    void aBadNamespaceIsRejectedBeforeAnyConnection() throws Exception {
        BackendSwapIT.Run run = BackendSwapIT.demo(BackendSwapIT.modulePath(Set.of("memory-redis-provider",
                "memory-postgres-provider")), "--langchain4j", "--redis", "redis://127.0.0.1:1", "--namespace", "Bad-Name");
        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("--namespace 'Bad-Name' is not a lower-case identifier"), run.err());
    }

    @AfterEach
    void removeTheNamespace() throws Exception {
        Config config = new Config();
        config.useSingleServer().setAddress(TestServers.redis().uri());
        RedissonClient redis = Redisson.create(config);
        try {
            redis.getKeys().deleteByPattern(namespace + "*");
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
