package dev.agentmemory.bench.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.NewEntry;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The raw floor must make Redis do exactly what the provider makes it do. Its scripts and keys are read from the
 * provider (these tests fail if that stops working), and its payload body is computed here: compared with the
 * provider's own encoding. The tests run on the class path, where reflection into the provider is allowed.
 */
class ProviderScriptsTest {

    @Test
    void scriptsAreReadFromTheProvider() {
        assertTrue(ProviderScripts.APPEND.contains("redis.call('HSET', KEYS[2], id, payload)"), ProviderScripts.APPEND);
        assertTrue(ProviderScripts.RECENT.contains("redis.call('ZRANGE', KEYS[1], -tonumber(ARGV[1]), -1)"),
                ProviderScripts.RECENT);
    }

    @Test
    void keysShareOneHashTagPerSession() {
        List<Object> keys = ProviderScripts.keys("bench-x", "t", "a", "s");
        assertEquals(List.of("bench-x:{t/a/s}:ids", "bench-x:{t/a/s}:entries", "bench-x:{t/a/s}:seq"), keys);
    }

    @Test
    void bodyIsWhatTheProviderEncodes() throws Exception {
        Method body = Class.forName("dev.agentmemory.redis.EntryEncoding").getDeclaredMethod("body", NewEntry.class);
        body.setAccessible(true);
        assertEquals(body.invoke(null, Turns.entry("id-1", 3)), Turns.body(Turns.content(3)));
    }

    @Test
    void contentIsExactly200Bytes() {
        for (long n : new long[] {0, 1, 9, 123, 99_999, 1_000_000_007L}) {
            assertEquals(Turns.CONTENT_LENGTH, Turns.content(n).getBytes(StandardCharsets.UTF_8).length);
        }
    }
}
