package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.tck.Await;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The short-term tables: sequence order, idempotent appends by key, trimming, sliding TTL and its purge. */
class ShortTermTest {

    private static final String SCHEMA = PostgresTestSupport.newSchema("short");

    @AfterAll
    static void dropSchema() {
        PostgresTestSupport.dropSchema(SCHEMA);
    }

    private static ShortTermMemory open(String... options) {
        return PostgresTestSupport.shortTerm(PostgresTestSupport.options(SCHEMA, options));
    }

    /** True once the server's clock has passed the session's expiry (or the session is gone). */
    private static boolean expiredOnTheServer(String session) {
        try (Connection c = PostgresTestSupport.connect();
             PreparedStatement p = c.prepareStatement("SELECT count(*) FROM " + SCHEMA
                     + ".short_term_sessions WHERE session = ? AND expires_at > now()")) {
            p.setString(1, session);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getInt(1) == 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the session's expiry", e);
        }
    }

    @Test
    void appendIsIdempotentByIdAndTrimsToMaxEntriesKeepingTheNewest() {
        try (ShortTermMemory store = open(MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), "3")) {
            SessionRef s = SessionRef.of("acme", "bot", "trim");
            NewEntry first = NewEntry.of("user", "one").withMetadata(Map.of("k", "v"));
            MemoryEntry a = store.append(s, first);
            MemoryEntry again = store.append(s, first);
            assertEquals(a, again.withExpiresAt(a.expiresAt()), "the stored entry");
            assertFalse(again.expiresAt().isBefore(a.expiresAt()), "a retried append slides the TTL, as any append");
            assertEquals(1, store.size(s));
            for (int i = 2; i <= 5; i++) {
                store.append(s, NewEntry.of("assistant", "turn " + i));
            }
            List<MemoryEntry> recent = store.recent(s, 10);
            assertEquals(List.of("turn 3", "turn 4", "turn 5"), recent.stream().map(MemoryEntry::content).toList());
            assertEquals(3, store.size(s));
            assertTrue(store.get(s, first.id()).isEmpty(), "trimmed entries are gone");
            assertEquals(List.of("turn 5"), store.recent(s, 1).stream().map(MemoryEntry::content).toList());
        }
    }

    @Test
    void expiredSessionsAreNeverReturnedAndStartAgainEmpty() throws Exception {
        try (ShortTermMemory store = open(MemoryOptions.SHORT_TERM_TTL.key(), "30s")) {
            SessionRef s = SessionRef.of("acme", "bot", "ttl");
            NewEntry e = NewEntry.of("user", "hello");
            MemoryEntry stored = store.append(s, e);
            assertTrue(Duration.between(stored.createdAt(), stored.expiresAt()).toSeconds() >= 29);
            assertTrue(store.expire(s, Duration.ofMillis(200)));
            Await.assertEventually(Await.EVENTUALLY, () -> expiredOnTheServer("ttl"), () -> "the session to expire");
            assertTrue(store.recent(s, 10).isEmpty());
            assertTrue(store.get(s, e.id()).isEmpty());
            assertEquals(0, store.size(s));
            assertFalse(store.expire(s, Duration.ofMinutes(1)), "an expired session does not exist");
            // The same id again after expiry is a new entry in a fresh session.
            MemoryEntry fresh = store.append(s, e);
            assertTrue(fresh.sequence() > stored.sequence());
            assertEquals(1, store.size(s));
            assertTrue(Duration.between(fresh.createdAt(), fresh.expiresAt()).toSeconds() >= 29, "append slides the TTL back");
            store.clear(s);
            assertEquals(0, store.size(s));
            assertFalse(store.expire(s, Duration.ofMinutes(1)));
        }
    }

    @Test
    void concurrentAppendsGetOneTotalOrderAndNothingIsLost() throws Exception {
        try (ShortTermMemory store = open(MemoryOptions.POOL_MAX_SIZE.key(), "4")) {
            SessionRef s = SessionRef.of("acme", "bot", "concurrent");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<MemoryEntry>> futures = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                int n = i;
                futures.add(pool.submit(() -> store.append(s, NewEntry.of("user", "m" + n))));
            }
            for (Future<MemoryEntry> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            List<MemoryEntry> all = store.recent(s, 1000);
            assertEquals(80, all.size());
            for (int i = 1; i < all.size(); i++) {
                assertTrue(all.get(i - 1).sequence() < all.get(i).sequence());
            }
        }
    }

    @Test
    void expiredSessionsArePurgedByLaterAppends() throws Exception {
        try (ShortTermMemory store = open()) {
            SessionRef stale = SessionRef.of("acme", "bot", "stale");
            store.append(stale, NewEntry.of("user", "old"));
            store.expire(stale, Duration.ofMillis(1));
            // Asked of the table, not the store: a read through the store could remove the session itself.
            Await.assertEventually(Await.EVENTUALLY, () -> expiredOnTheServer("stale"), () -> "the session to expire");
            SessionRef busy = SessionRef.of("acme", "bot", "busy");
            for (int i = 0; i < 256; i++) {
                store.append(busy, NewEntry.of("user", "n" + i));
            }
            try (Connection c = PostgresTestSupport.connect();
                 PreparedStatement p = c.prepareStatement("SELECT count(*) FROM " + SCHEMA
                         + ".short_term_entries WHERE session = 'stale'")) {
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    assertEquals(0, r.getInt(1), "the stale session's rows were removed");
                }
            }
        }
    }
}
