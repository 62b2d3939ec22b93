package dev.agentmemory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.faultproxy.resp.RespClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The storage layout the README documents, read back with the plain commands an operator would type. */
class KeyLayoutTest {

    private final String prefix = SharedRedis.uniquePrefix("layout");

    @AfterEach
    void deleteKeys() {
        SharedRedis.deletePrefix(prefix);
    }

    private ShortTermMemory open(String... extra) {
        MemoryOptions options = MemoryOptions.of(RedisOptions.KEY_PREFIX.key(), prefix, MemoryOptions.SHORT_TERM_TTL.key(), "10m");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            options = options.with(extra[i], extra[i + 1]);
        }
        return new RedisMemoryProvider().openShortTerm(SharedRedis.uri(), options);
    }

    @Test
    void aSessionIsThreeKeysUnderOneHashTag() {
        SessionRef s = SessionRef.of("acme:eu", "bot@v1", "chat:1");
        try (ShortTermMemory store = open(); RespClient redis = SharedRedis.client()) {
            store.append(s, new NewEntry("m:1", "user", "hello world", Map.of("lang", "en"), 0.5));
            store.append(s, new NewEntry("m:2", "assistant", "hi", Map.of(), 1.0));

            String base = prefix + ":{acme:eu/bot@v1/chat:1}:";
            assertEquals(new TreeSet<>(List.of(base + "ids", base + "entries", base + "seq")),
                    new TreeSet<>(redis.keys(prefix)));
            assertEquals("zset", redis.string("TYPE", base + "ids"));
            assertEquals("hash", redis.string("TYPE", base + "entries"));
            assertEquals("string", redis.string("TYPE", base + "seq"));

            // A new session's counter starts from the server's time in microseconds, then counts by one.
            long first = Long.parseLong((String) redis.list("ZRANGE", base + "ids", "0", "0", "WITHSCORES").get(1));
            assertEquals(List.of("m:1", Long.toString(first), "m:2", Long.toString(first + 1)),
                    redis.list("ZRANGE", base + "ids", "0", "-1", "WITHSCORES"));
            String payload = redis.string("HGET", base + "entries", "m:1");
            assertTrue(payload.matches("1;" + first + ";\\d{13};0\\.5;4:user11:hello world1;4:lang2:en"), payload);
            assertTrue(redis.string("HGET", base + "entries", "m:2")
                    .matches("1;" + (first + 1) + ";\\d{13};1\\.0;9:assistant2:hi0;"));
            assertEquals(Long.toString(first + 1), redis.string("GET", base + "seq"));
            for (String kind : List.of("ids", "entries", "seq")) {
                long pttl = redis.number("PTTL", base + kind);
                assertTrue(pttl > 0 && pttl <= Duration.ofMinutes(10).toMillis(), kind + " has the session TTL: " + pttl);
            }

            store.expire(s, Duration.ofSeconds(90));
            for (String kind : List.of("ids", "entries", "seq")) {
                long pttl = redis.number("PTTL", base + kind);
                assertTrue(pttl > 0 && pttl <= 90_000, kind + " got the new TTL: " + pttl);
            }

            store.clear(s);
            assertEquals(List.of(), redis.keys(prefix), "clear deletes every key, the sequence counter included");
        }
    }

    @Test
    void idsWithColonsCannotCollide() {
        // With ':' as the separator these three would share "a:b:c:d"; '/' is outside the id alphabet.
        List<SessionRef> sessions = List.of(SessionRef.of("a:b", "c", "d"), SessionRef.of("a", "b:c", "d"),
                SessionRef.of("a", "b", "c:d"));
        try (ShortTermMemory store = open(); RespClient redis = SharedRedis.client()) {
            for (SessionRef s : sessions) {
                store.append(s, NewEntry.of("user", "in " + s));
            }
            for (SessionRef s : sessions) {
                assertEquals(1, store.size(s), s.toString());
                assertEquals("in " + s, store.recent(s, 5).get(0).content());
            }
            Set<String> keys = new TreeSet<>(redis.keys(prefix));
            assertEquals(9, keys.size(), keys.toString());
        }
    }

    @Test
    void theKeyPrefixKeepsStoresApart() {
        String otherPrefix = prefix + "-other";
        SessionRef s = SessionRef.of("t", "a", "s");
        try (ShortTermMemory one = open();
             ShortTermMemory two = open(RedisOptions.KEY_PREFIX.key(), otherPrefix)) {
            one.append(s, NewEntry.of("user", "one"));
            assertEquals(1, one.size(s));
            assertEquals(0, two.size(s));
        } finally {
            SharedRedis.deletePrefix(otherPrefix);
        }
    }
}
