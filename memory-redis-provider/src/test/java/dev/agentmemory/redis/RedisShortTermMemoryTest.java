package dev.agentmemory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryClosedException;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What is specific to this provider's store against the shared server: round trip, order, closed state, health. */
class RedisShortTermMemoryTest {

    private final String prefix = SharedRedis.uniquePrefix("store");

    @AfterEach
    void deleteKeys() {
        SharedRedis.deletePrefix(prefix);
    }

    private ShortTermMemory open(String... extra) {
        MemoryOptions options = MemoryOptions.of(RedisOptions.KEY_PREFIX.key(), prefix);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            options = options.with(extra[i], extra[i + 1]);
        }
        return new RedisMemoryProvider().openShortTerm(SharedRedis.uri(), options);
    }

    @Test
    void discoveryFindsTheProviderForEveryScheme() {
        String found = String.join(";", MemoryStores.providers());
        for (String scheme : List.of("redis", "rediss", "redis-sentinel", "redis-cluster")) {
            assertTrue(found.contains(scheme), found);
        }
        try (ShortTermMemory store = MemoryStores.shortTerm(SharedRedis.uri(), MemoryOptions.of(RedisOptions.KEY_PREFIX.key(), prefix))) {
            SessionRef s = SessionRef.of("t", "a", "discovered");
            store.append(s, NewEntry.of("user", "hi"));
            assertEquals(1, store.size(s));
        }
    }

    @Test
    void appendThenReadBackOldestFirstWithServerSequence() {
        try (ShortTermMemory store = open()) {
            SessionRef s = SessionRef.of("acme", "bot", "chat-1");
            MemoryEntry first = store.append(s, new NewEntry("e1", "user", "héllo\nwörld 👋", Map.of("k", "v;1:2"), 0.25));
            MemoryEntry second = store.append(s, NewEntry.of("assistant", "hi"));
            assertEquals(first.sequence() + 1, second.sequence(), "one counter per session");
            assertEquals("héllo\nwörld 👋", first.content());
            assertEquals(Map.of("k", "v;1:2"), first.metadata());
            assertEquals(0.25, first.importance());
            assertTrue(first.expiresAt().isAfter(first.createdAt()));

            List<MemoryEntry> recent = store.recent(s, 10);
            assertEquals(List.of("e1", second.id()), recent.stream().map(MemoryEntry::id).toList());
            // The second append slid the session's TTL, so only expiresAt differs.
            assertEquals(withExpiry(first, recent.get(0)), recent.get(0));
            assertTrue(recent.get(0).expiresAt().compareTo(first.expiresAt()) >= 0);
            assertEquals(List.of(second.id()), store.recent(s, 1).stream().map(MemoryEntry::id).toList());
            assertEquals(first.content(), store.get(s, "e1").orElseThrow().content());
            assertTrue(store.get(s, "nope").isEmpty());
            assertEquals(2, store.size(s));
        }
    }

    private static MemoryEntry withExpiry(MemoryEntry e, MemoryEntry other) {
        return e.withExpiresAt(other.expiresAt());
    }

    @Test
    void appendIsIdempotentByEntryId() {
        try (ShortTermMemory store = open()) {
            SessionRef s = SessionRef.of("acme", "bot", "chat-2");
            NewEntry e = NewEntry.of("user", "once");
            MemoryEntry a = store.append(s, e);
            MemoryEntry b = store.append(s, e);
            assertEquals(a.sequence(), b.sequence());
            assertEquals(a.createdAt(), b.createdAt());
            assertEquals(1, store.size(s));
        }
    }

    @Test
    void trimsToMaxEntriesAndClearKeepsOtherSessions() {
        try (ShortTermMemory store = open(MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), "3")) {
            SessionRef s = SessionRef.of("acme", "bot", "chat-3");
            SessionRef other = SessionRef.of("acme", "bot", "chat-4");
            for (int i = 1; i <= 5; i++) {
                store.append(s, new NewEntry("e" + i, "user", "m" + i, Map.of(), 0.5));
            }
            long last = store.recent(s, 1).get(0).sequence();
            store.append(other, NewEntry.of("user", "stays"));
            assertEquals(List.of("e3", "e4", "e5"), store.recent(s, 10).stream().map(MemoryEntry::id).toList());
            assertTrue(store.get(s, "e1").isEmpty());
            store.clear(s);
            assertEquals(0, store.size(s));
            assertEquals(1, store.size(other));
            MemoryEntry after = store.append(s, NewEntry.of("user", "after clear"));
            assertTrue(after.sequence() > last, "sequence numbers are not reused after clear");
        }
    }

    @Test
    void expireSetsTheTtlOfAnExistingSessionOnly() {
        try (ShortTermMemory store = open()) {
            SessionRef s = SessionRef.of("acme", "bot", "chat-5");
            assertFalse(store.expire(s, Duration.ofMinutes(1)));
            store.append(s, NewEntry.of("user", "x"));
            assertTrue(store.expire(s, Duration.ofMinutes(1)));
            MemoryEntry e = store.recent(s, 1).get(0);
            Duration left = Duration.between(e.createdAt(), e.expiresAt());
            assertTrue(left.compareTo(Duration.ofSeconds(61)) <= 0 && left.compareTo(Duration.ofSeconds(30)) > 0, left::toString);
        }
    }

    @Test
    void healthMakesARoundTripAndReportsLatency() {
        try (ShortTermMemory store = open()) {
            Health h = store.health();
            assertEquals(Health.Status.UP, h.status(), h::detail);
            assertNotNull(h.latency());
            assertEquals("standalone", h.attributes().get("topology"));
        }
    }

    @Test
    void callsAfterCloseThrowClosedEvenWithoutTheValidatingLayer() {
        ShortTermMemory store = open();
        SessionRef s = SessionRef.of("acme", "bot", "chat-6");
        store.append(s, NewEntry.of("user", "x"));
        store.close();
        store.close();
        List<Runnable> calls = List.of(() -> store.append(s, NewEntry.of("user", "y")), () -> store.recent(s, 1),
                () -> store.get(s, "x"), () -> store.size(s), () -> store.expire(s, Duration.ofSeconds(5)),
                () -> store.clear(s), store::health);
        for (Runnable call : calls) {
            MemoryClosedException e = assertThrows(MemoryClosedException.class, call::run);
            assertInstanceOf(String.class, e.operation());
        }
    }
}
