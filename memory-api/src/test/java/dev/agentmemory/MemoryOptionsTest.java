package dev.agentmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        assertEquals(Duration.ofMinutes(1), o.get(MemoryOptions.SHORT_TERM_TTL));
        assertEquals(7, o.get(MemoryOptions.POOL_MAX_SIZE));
        assertEquals(3, o.get(MemoryOptions.POOL_MIN_SIZE));
        assertEquals(MemoryDefaults.RESPONSE_TIMEOUT, o.get(MemoryOptions.RESPONSE_TIMEOUT), "the default");
    }

    @Test
    void typedReadsRejectBadValuesNamingTheKey() {
        Option<Integer> n = Option.integer("n", 1, 0, 100, "n.");
        Option<Boolean> flag = Option.bool("flag", true, "flag.");
        Option<Duration> ttl = Option.duration("ttl", null, "ttl.");
        Option<Double> ratio = Option.number("ratio", 0.5, 0, 1, "ratio.");
        MemoryOptions o = MemoryOptions.of("n", "ten", "flag", "yes", "ttl", "-5s", "connect", "sometimes",
                "ratio", "NaN");
        assertMessage(assertThrows(MemoryConfigurationException.class, () -> o.get(n)),
                "option 'n' is 'ten'; allowed: an integer from 0 to 100");
        assertMessage(assertThrows(MemoryConfigurationException.class, () -> o.with("n", "200").get(n)),
                "option 'n' is '200'; allowed: an integer from 0 to 100");
        assertMessage(assertThrows(MemoryConfigurationException.class, () -> o.get(flag)), "true or false");
        assertMessage(assertThrows(MemoryConfigurationException.class, () -> o.get(ttl)), "'ttl'");
        assertMessage(assertThrows(MemoryConfigurationException.class, () -> o.with("ttl", "0s").find(ttl)),
                "positive duration");
        assertMessage(assertThrows(MemoryConfigurationException.class, o::connectMode), "one of lazy, eager");
        assertMessage(assertThrows(MemoryConfigurationException.class, () -> o.get(ratio)),
                "a number from 0 up to, not including, 1");
        assertMessage(assertThrows(MemoryConfigurationException.class, () -> MemoryOptions.empty().get(ttl)),
                "option 'ttl' is not set and has no default");
    }

    @Test
    void parsesDurationsEnumsAndBooleans() {
        Option<Duration> a = Option.duration("a", Duration.ofSeconds(1), "a.");
        Option<Duration> b = Option.duration("b", Duration.ofSeconds(1), "b.");
        Option<Duration> c = Option.duration("c", Duration.ofSeconds(1), "c.");
        Option<Boolean> f = Option.bool("f", true, "f.");
        MemoryOptions o = MemoryOptions.of("a", "250ms", "b", "PT1.5S", "c", "7d", "connect", "EAGER", "f", "FALSE");
        assertEquals(Duration.ofMillis(250), o.get(a));
        assertEquals(Duration.ofMillis(1500), o.get(b));
        assertEquals(Duration.ofDays(7), o.get(c));
        assertEquals(MemoryOptions.ConnectMode.EAGER, o.connectMode());
        assertFalse(o.get(f));
        assertEquals(MemoryOptions.ConnectMode.LAZY, options(Map.of(), Map.of(), Map.of()).connectMode());
    }

    @Test
    void typedGetFindAndWith() {
        MemoryOptions o = options(Map.of(), Map.of(), Map.of());
        assertEquals(Optional.empty(), o.find(MemoryOptions.SHORT_TERM_TTL), "find never gives the default");
        assertEquals(MemoryDefaults.SHORT_TERM_TTL, o.get(MemoryOptions.SHORT_TERM_TTL));
        MemoryOptions set = o.with(MemoryOptions.SHORT_TERM_TTL, Duration.ofMinutes(90))
                .with(MemoryOptions.CONNECT, MemoryOptions.ConnectMode.EAGER)
                .with(MemoryOptions.POOL_MAX_SIZE, 4)
                .with(MemoryOptions.CLIENT_NAME, "svc-a");
        assertEquals(Optional.of(Duration.ofMinutes(90)), set.find(MemoryOptions.SHORT_TERM_TTL));
        assertEquals("90m", set.explicitValues().get("short-term.ttl"), "stored in the text form a user writes");
        assertEquals("eager", set.explicitValues().get("connect"));
        assertEquals(MemoryOptions.ConnectMode.EAGER, set.connectMode());
        assertEquals(4, set.get(MemoryOptions.POOL_MAX_SIZE));
        assertEquals(2, set.poolMinSize());
        assertEquals(1, set.with(MemoryOptions.POOL_MAX_SIZE, 1).poolMinSize(), "the default shrinks to the maximum");
        assertMessage(assertThrows(MemoryConfigurationException.class,
                () -> set.with(MemoryOptions.POOL_MIN_SIZE, 5).poolMinSize()),
                "option 'pool.min-size' is '5'; allowed: at most pool.max-size (4)");
        assertMessage(assertThrows(MemoryConfigurationException.class,
                () -> o.with(MemoryOptions.SHORT_TERM_MAX_ENTRIES, 100_001)),
                "option 'short-term.max-entries' is '100001'; allowed: an integer from 1 to 100000");
        assertMessage(assertThrows(MemoryConfigurationException.class,
                () -> o.with(MemoryOptions.SHORT_TERM_TTL, Duration.ofDays(3651))),
                "option 'short-term.ttl' is '3651d'; allowed: a duration from 1ms to 3650d");
        assertThrows(MemoryConfigurationException.class, () -> o.with(MemoryOptions.PASSWORD, null));
        assertEquals(set, MemoryOptions.of(set.explicitValues()), "typed and string forms are the same options");
    }

    @Test
    void aSensitiveOptionIsMaskedInMessagesAndToString() {
        Option<String> token = Option.secret("acme.token", "token.");
        Option<Integer> pin = Option.integer("acme.pin", 1, 0, 9, "pin.");
        MemoryOptions o = MemoryOptions.of("acme.token", "tok3n", "password", "hunter2", "acme.pin", "hunter2");
        assertEquals("tok3n", o.get(token));
        assertEquals("MemoryOptions{acme.pin=***, acme.token=***, password=***}", o.toString(MemoryOptions.shared()),
                "undeclared keys are masked, password is declared sensitive");
        assertEquals("MemoryOptions{acme.pin=hunter2, acme.token=***, password=***}",
                o.toString(List.of(token, pin, MemoryOptions.PASSWORD)));
        String message = MemoryOptions.PASSWORD.invalid("hunter2", "at most 1").getMessage();
        assertTrue(message.contains("option 'password' is '***'; allowed: at most 1"), message);
        assertFalse(message.contains("hunter2"), message);
    }

    @Test
    void aProviderOptionIsShownOnlyOnceItsProviderDeclaresIt() {
        Option<String> region = Option.string("acme.region", "eu", null, "any text", "region.");
        Option<String> secret = Option.secret("acme.secret", "secret.");
        MemoryOptions o = MemoryOptions.of("acme.region", "us-east", "acme.secret", "s3cret");
        String before = o.toString(MemoryOptions.shared());
        assertEquals("MemoryOptions{acme.region=***, acme.secret=***}", before, "no provider declares them yet");
        String after = o.toString(List.of(region, secret));
        assertEquals("MemoryOptions{acme.region=us-east, acme.secret=***}", after);
    }

    @Test
    void secretsNeverAppearInToStringOrErrors() {
        MemoryOptions o = MemoryOptions.of("password", "hunter2", "redis.auth-token", "tok3n",
                "provider", "postgresql://alice:s3cret@db:5432/x?password=p4ss&ssl=true");
        String text = o.toString();
        for (String secret : new String[] {"hunter2", "tok3n", "s3cret", "p4ss", "alice"}) {
            assertFalse(text.contains(secret), text);
        }
        assertTrue(text.contains("db:5432"), "a declared option's URI is shown with its credentials masked: " + text);
        Option<Integer> url = Option.integer("provider", 1, 0, 1, "as an integer.");
        MemoryConfigurationException e2 = assertThrows(MemoryConfigurationException.class, () -> o.get(url));
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
        assertEquals(Duration.ofHours(1), MemoryDefaults.SHORT_TERM_TTL);
        assertEquals(100, MemoryDefaults.SHORT_TERM_MAX_ENTRIES);
        assertEquals(2, MemoryDefaults.POOL_MIN_SIZE);
        assertEquals(10, MemoryDefaults.POOL_MAX_SIZE);
        assertEquals(Duration.ofSeconds(30), MemoryDefaults.POOL_ACQUIRE_TIMEOUT);
        assertEquals(10, MemoryDefaults.SEARCH_LIMIT);
        assertEquals(100, MemoryDefaults.SEARCH_MAX_LIMIT);
        assertEquals(-1.0, MemoryDefaults.SEARCH_MIN_SIMILARITY);
        for (Option<?> o : MemoryOptions.shared()) {
            assertEquals(o.defaultValue().orElse(null), o.defaultValue().map(v -> parseBack(o)).orElse(null),
                    o.key() + ": the default reads back from its text form");
        }
    }

    private static <T> T parseBack(Option<T> o) {
        return o.parse(o.format(o.defaultValue().orElseThrow()));
    }

    private static void assertMessage(Exception e, String expected) {
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
