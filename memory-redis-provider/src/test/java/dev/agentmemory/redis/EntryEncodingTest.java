package dev.agentmemory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.NewEntry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Payload encoding version 1: exact bytes, round trip of awkward text, and refusal of what it cannot read. */
class EntryEncodingTest {

    private static final Instant EXPIRES = Instant.parse("2026-01-01T01:00:00Z");

    @Test
    void versionOneLooksLikeTheReadmeSays() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("lang", "en");
        String body = EntryEncoding.body(new NewEntry("e1", "user", "hello world", meta, 0.5));
        assertEquals("0.5;4:user11:hello world1;4:lang2:en", body);
        MemoryEntry e = EntryEncoding.decode("b", "get", "e1", "1;7;1732582917123;" + body, EXPIRES);
        assertEquals(MemoryEntry.builder().id("e1").sequence(7).role("user").content("hello world")
                .metadata(Map.of("lang", "en")).importance(0.5).createdAt(Instant.ofEpochMilli(1732582917123L))
                .expiresAt(EXPIRES).build(), e);
    }

    @Test
    void anyTextRoundTrips() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("k;1:", "v:2;");
        meta.put("emoji 👋", "line\nbreak");
        meta.put("empty", "");
        String content = "12:ab;3:\n\r\t 👋🏽 ünïcödé \\ {} 1;2;3";
        NewEntry in = new NewEntry("id:with:colons", "tool", content, meta, 1.0);
        MemoryEntry out = EntryEncoding.decode("b", "get", in.id(), "1;42;0;" + EntryEncoding.body(in), EXPIRES);
        assertEquals(content, out.content());
        assertEquals(meta, out.metadata());
        assertEquals(1.0, out.importance());
        assertEquals(42, out.sequence());
    }

    @Test
    void anUnknownVersionIsRefusedByName() {
        MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class,
                () -> EntryEncoding.decode("b", "recent", "e1", "2;1;0;whatever", EXPIRES));
        assertTrue(e.getMessage().contains("version '2'"), e.getMessage());
        assertEquals("recent", e.operation());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1;", "1;x;0;0.5;4:user2:hi0;", "1;1;0;0.5;40:user2:hi0;",
        "1;1;0;0.5;4:user2:hi0;trailing", "1;1;0;0.5;4:user2:hi2;1:a", "{\"json\":true}"})
    void aDamagedPayloadIsRefused(String payload) {
        assertThrows(MemoryConfigurationException.class, () -> EntryEncoding.decode("b", "get", "e1", payload, EXPIRES));
    }
}
