package dev.agentmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryOptionsTest {

    private static MemoryOptions options(Map<String, String> map, Map<String, String> props, Map<String, String> env) {
        return new MemoryOptions(map, props::get, env::get);
    }

    @Test
    void lookupOrderIsMapThenSystemPropertyThenEnvironment() {
        Map<String, String> props = Map.of("agentmemory.short-term.ttl", "2m", "agentmemory.pool.max-size", "7");
        Map<String, String> env = Map.of("AGENTMEMORY_SHORT_TERM_TTL", "3m", "AGENTMEMORY_POOL_MAX_SIZE", "8",
                "AGENTMEMORY_POOL_MIN_SIZE", "3");
        MemoryOptions o = options(Map.of("short-term.ttl", "1m"), props, env);
        assertEquals(Duration.ofMinutes(1), o.getDuration("short-term.ttl", Duration.ZERO));
        assertEquals(7, o.getInt("pool.max-size", 10, 1, 100));
        assertEquals(3, o.getInt("pool.min-size", 2, 0, 100));
        assertEquals(5, o.getInt("pool.other", 5, 0, 100));
    }

    @Test
    void typedGettersRejectBadValuesNamingTheKey() {
        MemoryOptions o = MemoryOptions.of("n", "ten", "range", "200", "flag", "yes", "ttl", "-5s", "zero", "0s",
                "mode", "sometimes", "ratio", "NaN");
        assertMessage(assertThrows(MemoryConfigurationException.class, () -> o.getInt("n", 1, 0, 100)),
                "option 'n' is 'ten'; allowed: an integer from 0 to 100");
        assertMessage(assertThrows(MemoryConfigurationException.class, () -> o.getInt("range", 1, 0, 100)), "'range'");
        assertMessage(assertThrows(MemoryConfigurationException.class, () -> o.getBoolean("flag", true)), "true or false");
        assertMessage(assertThrows(MemoryConfigurationException.class, () -> o.getDuration("ttl", Duration.ZERO)), "'ttl'");
        assertMessage(assertThrows(MemoryConfigurationException.class, () -> o.getDuration("zero", Duration.ZERO)), "positive duration");
        assertMessage(assertThrows(MemoryConfigurationException.class,
                () -> o.getEnum("mode", MemoryOptions.ConnectMode.class, MemoryOptions.ConnectMode.LAZY)), "[lazy, eager]");
        assertMessage(assertThrows(MemoryConfigurationException.class, () -> o.getDouble("ratio", 0, 0, 1)), "'ratio'");
    }

    @Test
    void parsesDurationsEnumsAndBooleans() {
        MemoryOptions o = MemoryOptions.of("a", "250ms", "b", "PT1.5S", "c", "7d", "connect", "EAGER", "f", "FALSE");
        assertEquals(Duration.ofMillis(250), o.getDuration("a", Duration.ZERO));
        assertEquals(Duration.ofMillis(1500), o.getDuration("b", Duration.ZERO));
        assertEquals(Duration.ofDays(7), o.getDuration("c", Duration.ZERO));
        assertEquals(MemoryOptions.ConnectMode.EAGER, o.connectMode());
        assertFalse(o.getBoolean("f", true));
        assertEquals(MemoryOptions.ConnectMode.LAZY, options(Map.of(), Map.of(), Map.of()).connectMode());
    }

    @Test
    void secretsNeverAppearInToStringOrErrors() {
        MemoryOptions o = MemoryOptions.of("password", "hunter2", "redis.auth-token", "tok3n",
                "url", "postgresql://alice:s3cret@db:5432/x?password=p4ss&ssl=true");
        String text = o.toString();
        for (String secret : new String[] {"hunter2", "tok3n", "s3cret", "p4ss", "alice"}) {
            assertFalse(text.contains(secret), text);
        }
        assertTrue(text.contains("db:5432"), text);
        MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class, () -> o.getInt("password", 1, 0, 1));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        MemoryConfigurationException e2 = assertThrows(MemoryConfigurationException.class, () -> o.getInt("url", 1, 0, 1));
        assertFalse(e2.getMessage().contains("s3cret"), e2.getMessage());
    }

    @Test
    void redactMasksUserInfoAndPasswordParameters() {
        assertEquals("redis://***@host:6379", MemoryOptions.redact("redis://:pw@host:6379"));
        assertEquals("rediss://***@host:6380/0", MemoryOptions.redact("rediss://user:pw@host:6380/0"));
        assertEquals("jdbc:postgresql://h/db?user=u&password=***", MemoryOptions.redact("jdbc:postgresql://h/db?user=u&password=x"));
        assertEquals("mem:", MemoryOptions.redact("mem:"));
        assertEquals("redis://***@host:6379/0", MemoryOptions.redact("redis://u:p@ss@host:6379/0"),
                "a raw '@' in a password does not leak its tail");
        assertEquals("redis-cluster://h1:7000,h2:7001", MemoryOptions.redact("redis-cluster://h1:7000,h2:7001"));
        assertEquals("from redis://***@a:1 to postgresql://***@b:2/db", MemoryOptions.redact("from redis://x@a:1 to postgresql://u:v@b:2/db"));
    }

    @Test
    void redactMasksTheWholeUserInfoWhateverItHolds() {
        // Issue 10, defect 1: '#', '/', '?' and spaces used to end the user-info early and show the password.
        assertEquals("postgresql://***@127.0.0.1:5499/db", MemoryOptions.redact("postgresql://u:S3cret#Hash@127.0.0.1:5499/db"));
        assertEquals("jdbc:postgresql://***@127.0.0.1:5499/db", MemoryOptions.redact("jdbc:postgresql://u:S3cret/?Q@127.0.0.1:5499/db"));
        assertEquals("redis://***@host", MemoryOptions.redact("redis://:pass word@host"));
        assertEquals("resilient(postgresql://***@h:5499/db)", MemoryOptions.redact("resilient(postgresql://u:S3cret#Hash@h:5499/db)"));
        assertEquals("size on redis://***@h:6379 failed (attempt 1)", MemoryOptions.redact("size on redis://:pass word@h:6379 failed (attempt 1)"));
        assertEquals("redis://***@h:1", MemoryOptions.redact("redis://:a://b@h:1"), "a '://' inside a password");
        assertEquals("redis://***@bad!host", MemoryOptions.redact("redis://:pw@bad!host"), "no '@' before a host: masked anyway");
        assertEquals("redis://***@[::1]:6379", MemoryOptions.redact("redis://:p@[::1]:6379"));
        assertEquals("jdbc:postgresql://h/db?sslpassword=***&sslmode=require", MemoryOptions.redact("jdbc:postgresql://h/db?sslpassword=a b#c&sslmode=require"));
        assertEquals("jdbc:postgresql://h/db?sslmode=require&password=***", MemoryOptions.redact("jdbc:postgresql://h/db?sslmode=require&password=x y"));
    }

    @Test
    void redactHidesEveryPunctuationSpaceAndLetterInEveryPosition() {
        String specials = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \u0436";
        String[] forms = {"redis://:%s@h:6379", "rediss://user:%s@h:6380/0", "redis-sentinel://:%s@s1,s2:26380/m",
                "redis-cluster://:%s@[::1]:7000,h:7001", "postgresql://u:%s@h/db", "postgres://u:%s@h:5432/db?sslmode=disable",
                "jdbc:postgresql://u:%s@h1,h2/db", "jdbc:postgresql://h/db?user=u&password=%s", "mem://u:%s@local"};
        for (char c : specials.toCharArray()) {
            for (String password : new String[] {c + "Kx7QmVz3Jp", "Kx7Qm" + c + "Vz3Jp", "Kx7QmVz3Jp" + c}) {
                for (String form : forms) {
                    String uri = form.replace("%s", password);
                    for (String text : new String[] {uri, "failed: " + uri + " (refused)", "[" + uri + ", prefix=x]"}) {
                        String redacted = MemoryOptions.redact(text);
                        assertFalse(redacted.contains("Kx7Qm") || redacted.contains("Vz3Jp"), text + " -> " + redacted);
                    }
                }
            }
        }
    }

    @Test
    void environmentNamesAreUpperCaseWithUnderscores() {
        assertEquals("AGENTMEMORY_RESILIENCE_MAX_RETRIES", MemoryOptions.environmentName("resilience.max-retries"));
    }

    @Test
    void defaultsAreTheSeedConstants() {
        assertEquals(3, MemoryDefaults.MAX_RETRIES);
        assertEquals(Duration.ofSeconds(1), MemoryDefaults.BACKOFF_INITIAL);
        assertEquals(Duration.ofSeconds(10), MemoryDefaults.BACKOFF_MAX);
        assertEquals(Duration.ofHours(1), MemoryDefaults.SHORT_TERM_TTL);
        assertEquals(100, MemoryDefaults.SHORT_TERM_MAX_ENTRIES);
        assertEquals(2, MemoryDefaults.POOL_MIN_SIZE);
        assertEquals(10, MemoryDefaults.POOL_MAX_SIZE);
        assertEquals(Duration.ofSeconds(30), MemoryDefaults.POOL_ACQUIRE_TIMEOUT);
        assertEquals(10, MemoryDefaults.SEARCH_LIMIT);
        assertEquals(100, MemoryDefaults.SEARCH_MAX_LIMIT);
        assertEquals(0.7, MemoryDefaults.SEARCH_MIN_SIMILARITY);
    }

    private static void assertMessage(Exception e, String expected) {
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
