package dev.agentmemory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.tck.StoreFixture.Capability;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The short-term memory contract ({@link ShortTermMemory}): append, appendAll, recent, get, size, clear, expire, trimming to
 * the maximum entries, the sliding TTL, one order for concurrent appends, and idempotent appends.
 *
 * <p>A provider runs it, with every other suite, through {@link ProviderTck}. Skipped as a whole, with a reason, when the fixture lacks {@link Capability#SHORT_TERM}. TTL tests use TTLs of a
 * few seconds; the whole suite takes about 15 seconds.
 */
@RequiresCapability(Capability.SHORT_TERM)
public abstract class ShortTermMemoryTck extends TckBase {

    /** Run through {@link ProviderTck}, which extends every suite once; a provider extends that class. */
    ShortTermMemoryTck() {
    }

    @BeforeEach
    final void requireShortTerm() {
        assumeCapability(Capability.SHORT_TERM);
    }

    private static NewEntry entry(String id, String content) {
        return new NewEntry(id, "user", content, Map.of(), 0.5);
    }

    /** The entry without its expiry: expiresAt is the session's, and every append slides it. */
    private static MemoryEntry stored(MemoryEntry e) {
        return e.withExpiresAt(Instant.EPOCH);
    }

    private static List<String> ids(List<MemoryEntry> entries) {
        return entries.stream().map(MemoryEntry::id).toList();
    }

    @Test
    final void appendReturnsTheStoredEntry() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();
        NewEntry entry = new NewEntry("e-1", "assistant", "Your order ships on Monday.", Map.of("channel", "chat"), 0.8);

        MemoryEntry stored = store.append(session, entry);

        assertEquals("e-1", stored.id());
        assertEquals("assistant", stored.role());
        assertEquals("Your order ships on Monday.", stored.content());
        assertEquals(Map.of("channel", "chat"), stored.metadata());
        assertEquals(0.8, stored.importance(), 1e-9);
        assertTrue(stored.expiresAt().isAfter(stored.createdAt()), "expiresAt must be after createdAt: " + stored);
    }

    @Test
    final void recentReturnsEntriesOldestFirst() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();
        for (int i = 1; i <= 4; i++) {
            store.append(session, entry("e-" + i, "turn " + i));
        }

        assertEquals(List.of("e-1", "e-2", "e-3", "e-4"), ids(store.recent(session, 10)));
    }

    @Test
    final void recentReturnsTheNewestEntriesUpToTheLimit() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();
        for (int i = 1; i <= 5; i++) {
            store.append(session, entry("e-" + i, "turn " + i));
        }

        assertEquals(List.of("e-4", "e-5"), ids(store.recent(session, 2)));
        assertEquals(List.of("e-5"), ids(store.recent(session, 1)));
    }

    @Test
    final void unknownSessionIsEmpty() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();

        assertEquals(List.of(), store.recent(session, 10));
        assertEquals(0, store.size(session));
        assertEquals(Optional.empty(), store.get(session, "e-1"));
    }

    @Test
    final void getFindsAnEntryById() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();
        store.append(session, entry("e-1", "first"));
        MemoryEntry second = store.append(session, entry("e-2", "second"));

        assertEquals(Optional.of(stored(second)), store.get(session, "e-2").map(ShortTermMemoryTck::stored));
        assertEquals(Optional.empty(), store.get(session, "e-3"));
    }

    @Test
    final void sizeCountsEntries() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();
        for (int i = 1; i <= 3; i++) {
            store.append(session, entry("e-" + i, "turn " + i));
        }

        assertEquals(3, store.size(session));
    }

    @Test
    final void sequencesIncreaseInAppendOrder() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();
        long previous = Long.MIN_VALUE;
        for (int i = 1; i <= 5; i++) {
            long sequence = store.append(session, entry("e-" + i, "turn " + i)).sequence();
            assertTrue(sequence > previous, "sequence " + sequence + " after " + previous);
            previous = sequence;
        }
    }

    @Test
    final void appendingTheSameEntryTwiceStoresItOnce() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();
        NewEntry entry = NewEntry.of("user", "Where is my parcel?");

        MemoryEntry first = store.append(session, entry);
        MemoryEntry again = store.append(session, entry);

        assertEquals(stored(first), stored(again), "a retried append returns the stored entry");
        assertEquals(1, store.size(session));
        assertEquals(List.of(entry.id()), ids(store.recent(session, 10)));
    }

    @Test
    final void appendingAKnownIdReturnsTheStoredEntryUnchanged() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();
        MemoryEntry first = store.append(session, entry("e-1", "original"));
        store.append(session, entry("e-2", "other"));

        MemoryEntry again = store.append(session, entry("e-1", "changed"));

        assertEquals(stored(first), stored(again));
        assertEquals("original", store.get(session, "e-1").orElseThrow().content());
        assertEquals(List.of("e-1", "e-2"), ids(store.recent(session, 10)));
    }

    @Test
    final void clearRemovesEveryEntryOfThatSessionOnly() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();
        SessionRef sibling = newSession(session.scope());
        store.append(session, entry("e-1", "one"));
        store.append(session, entry("e-2", "two"));
        store.append(sibling, entry("e-1", "kept"));

        store.clear(session);

        assertEquals(0, store.size(session));
        assertEquals(List.of(), store.recent(session, 10));
        assertEquals(Optional.empty(), store.get(session, "e-1"));
        assertEquals(List.of("e-1"), ids(store.recent(sibling, 10)));
    }

    @Test
    final void clearOfAnUnknownSessionDoesNothing() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();

        store.clear(session);

        assertEquals(0, store.size(session));
    }

    @Test
    final void appendTrimsTheSessionToItsMaximumEntries() {
        ShortTermMemory store = openShortTerm(MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), "5").store();
        SessionRef session = newSession();
        for (int i = 1; i <= 8; i++) {
            store.append(session, entry("e-" + i, "turn " + i));
        }

        assertEquals(5, store.size(session));
        assertEquals(List.of("e-4", "e-5", "e-6", "e-7", "e-8"), ids(store.recent(session, 10)));
        assertEquals(Optional.empty(), store.get(session, "e-1"), "a trimmed entry is gone");
    }

    @Test
    final void expireEndsTheSessionAfterTheTtl() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();
        store.append(session, entry("e-1", "soon gone"));

        assertTrue(store.expire(session, Duration.ofSeconds(1)));

        Await.assertEventually(Await.EVENTUALLY, () -> store.size(session) == 0,
                () -> "the session should expire one second after expire()");
        assertEquals(List.of(), store.recent(session, 10));
        assertEquals(Optional.empty(), store.get(session, "e-1"));
    }

    @Test
    final void expireOfAnUnknownSessionReturnsFalse() {
        ShortTermMemory store = openShortTerm().store();

        assertFalse(store.expire(newSession(), Duration.ofMinutes(1)));
    }

    @Test
    final void sessionExpiresAfterTheConfiguredTtl() {
        ShortTermMemory store = openShortTerm(MemoryOptions.SHORT_TERM_TTL.key(), "1s").store();
        SessionRef session = newSession();
        MemoryEntry stored = store.append(session, entry("e-1", "short-lived"));

        assertTrue(Duration.between(stored.createdAt(), stored.expiresAt()).compareTo(Duration.ofSeconds(2)) <= 0,
                "expiresAt should follow the 1 s TTL: " + stored);
        Await.assertEventually(Await.EVENTUALLY, () -> store.size(session) == 0,
                () -> "the session should expire after its 1 s TTL");
    }

    @Test
    final void appendSlidesTheTtl() {
        Duration ttl = Duration.ofSeconds(3);
        ShortTermMemory store = openShortTerm(MemoryOptions.SHORT_TERM_TTL.key(), "3s").store();
        SessionRef session = newSession();
        long start = System.nanoTime();
        store.append(session, entry("e-1", "first"));
        Await.sleep(Duration.ofMillis(1500));
        long secondAppend = System.nanoTime();
        store.append(session, entry("e-2", "second"));

        // Look after the first TTL would have ended, but before the slid one ends.
        long firstEnds = start + ttl.toNanos() + TimeUnit.MILLISECONDS.toNanos(300);
        Await.sleep(Duration.ofNanos(Math.max(0, firstEnds - System.nanoTime())));
        long size = store.size(session);
        Assumptions.assumeTrue(System.nanoTime() - secondAppend < ttl.toNanos() - TimeUnit.MILLISECONDS.toNanos(200),
                "the machine stalled too long to tell a slid TTL from an expired one");

        assertEquals(2, size, "the second append must slide the session's TTL");
        Await.assertEventually(Await.EVENTUALLY, () -> store.size(session) == 0,
                () -> "the session should expire 3 s after its last append");
    }

    @Test
    final void expiresAtFollowsTheConfiguredTtl() {
        ShortTermMemory store = openShortTerm(MemoryOptions.SHORT_TERM_TTL.key(), "10m").store();
        MemoryEntry stored = store.append(newSession(), entry("e-1", "hello"));

        Duration lifetime = Duration.between(stored.createdAt(), stored.expiresAt());
        assertTrue(lifetime.compareTo(Duration.ofMinutes(9)) > 0 && lifetime.compareTo(Duration.ofMinutes(11)) < 0,
                "expiresAt should be about 10 minutes after createdAt: " + stored);
        Instant now = Instant.now();
        assertTrue(Duration.between(stored.createdAt(), now).abs().compareTo(Duration.ofMinutes(5)) < 0,
                "createdAt should be close to now (clocks may differ by minutes, not more): " + stored);
    }

    @Test
    final void concurrentAppendsLoseNothingDuplicateNothingAndGetOneOrder() throws Exception {
        appendConcurrentlyInOneOrder(8, 25, 1);
    }

    /** {@code threads} threads append {@code perThread} entries each (see {@link #appendConcurrently}); one order. */
    private void appendConcurrentlyInOneOrder(int threads, int perThread, int batch) throws Exception {
        ShortTermMemory store = openShortTerm(MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), "500").store();
        SessionRef session = newSession();
        Map<String, Long> returnedSequences = appendConcurrently(store, session, threads, perThread, batch);

        assertOneOrder(store, session, threads * perThread, returnedSequences);
        assertCreatedAtNeverDecreases(store.recent(session, 500));
    }

    /**
     * The session holds exactly {@code total} entries named {@code t<thread>-<turn>}, none lost or duplicated, in one
     * strictly increasing order that keeps each thread's turns in order, with the sequences the appends returned.
     */
    private static void assertOneOrder(ShortTermMemory store, SessionRef session, int total,
                                       Map<String, Long> returnedSequences) {
        List<MemoryEntry> all = store.recent(session, 500);
        assertEquals(total, store.size(session));
        assertEquals(total, all.size(), "no append may be lost");
        assertEquals(total, new HashSet<>(ids(all)).size(), "no append may be duplicated");
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i).sequence() > all.get(i - 1).sequence(), "one strictly increasing order: " + all.get(i));
        }
        Map<Integer, Integer> nextOfThread = new HashMap<>();
        for (MemoryEntry e : all) {
            assertEquals(returnedSequences.get(e.id()), e.sequence(), "append returned the stored sequence of " + e.id());
            int thread = Integer.parseInt(e.id().substring(1, e.id().indexOf('-')));
            int turn = Integer.parseInt(e.id().substring(e.id().indexOf('-') + 1));
            assertEquals(nextOfThread.getOrDefault(thread, 0), turn, "each thread's appends keep their order");
            nextOfThread.put(thread, turn + 1);
        }
        assertEquals(ids(all), ids(store.recent(session, 500)), "the order is stable between reads");
    }

    // ---- appendAll: the same as append for each entry, in list order

    private static List<NewEntry> entries(String prefix, int from, int to) {
        List<NewEntry> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(entry(prefix + i, "turn " + i));
        }
        return out;
    }

    @Test
    final void appendAllStoresTheEntriesInListOrderWithIncreasingSequences() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();
        MemoryEntry before = store.append(session, entry("e-0", "before"));

        List<MemoryEntry> returned = store.appendAll(session, entries("e-", 1, 5));

        assertEquals(List.of("e-1", "e-2", "e-3", "e-4", "e-5"), ids(returned), "one stored entry per entry, in order");
        long previous = before.sequence();
        for (MemoryEntry e : returned) {
            assertTrue(e.sequence() > previous, () -> "sequences increase in list order, after the session's: " + returned);
            previous = e.sequence();
            assertEquals("turn " + e.id().substring(2), e.content());
            assertSameInstant(returned.get(returned.size() - 1).expiresAt(), e.expiresAt(), "every entry of appendAll");
        }
        assertEquals(List.of("e-0", "e-1", "e-2", "e-3", "e-4", "e-5"), ids(store.recent(session, 10)));
        assertEquals(returned.stream().map(ShortTermMemoryTck::stored).toList(),
                store.recent(session, 5).stream().map(ShortTermMemoryTck::stored).toList(),
                "appendAll returns the entries as stored");
        MemoryEntry after = store.append(session, entry("e-6", "after"));
        assertTrue(after.sequence() > previous, "an append after appendAll gets a larger sequence");
    }

    @Test
    final void aRepeatedAppendAllStoresNothingTwiceAndReturnsTheStoredEntries() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();
        List<MemoryEntry> first = store.appendAll(session, entries("e-", 1, 4));

        List<MemoryEntry> again = store.appendAll(session, entries("e-", 1, 4));

        assertEquals(first.stream().map(ShortTermMemoryTck::stored).toList(),
                again.stream().map(ShortTermMemoryTck::stored).toList(), "a retried appendAll returns the stored entries");
        assertEquals(4, store.size(session));
        assertEquals(List.of("e-1", "e-2", "e-3", "e-4"), ids(store.recent(session, 10)));
    }

    @Test
    final void appendAllOfStoredAndNewIdsStoresOnlyTheNewOnes() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();
        MemoryEntry one = store.append(session, entry("e-1", "original one"));
        MemoryEntry two = store.append(session, entry("e-2", "original two"));

        List<MemoryEntry> returned = store.appendAll(session, List.of(entry("e-2", "changed"), entry("e-3", "three"),
                entry("e-1", "changed"), entry("e-4", "four")));

        assertEquals(List.of("e-2", "e-3", "e-1", "e-4"), ids(returned));
        assertEquals(stored(two), stored(returned.get(0)), "a stored id comes back as stored");
        assertEquals(stored(one), stored(returned.get(2)), "a stored id comes back as stored");
        assertTrue(returned.get(1).sequence() > two.sequence() && returned.get(3).sequence() > returned.get(1).sequence(),
                () -> "the new entries get increasing sequences after the session's: " + returned);
        assertEquals(List.of("e-1", "e-2", "e-3", "e-4"), ids(store.recent(session, 10)));
        assertEquals("original one", store.get(session, "e-1").orElseThrow().content());
    }

    @Test
    final void appendAllTrimsAfterEachEntryLikeSeparateAppends() {
        ShortTermMemory store = openShortTerm(MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), "5").store();
        SessionRef session = newSession();
        MemoryEntry old = store.append(session, entry("e-0", "oldest"));
        List<NewEntry> batch = entries("e-", 1, 7);
        // e-0 is trimmed by e-5 of this call, so, as with separate appends, e-0 at the end is a new entry.
        batch.add(entry("e-0", "again"));

        List<MemoryEntry> returned = store.appendAll(session, batch);

        assertEquals(8, returned.size());
        assertEquals(5, store.size(session));
        assertEquals(List.of("e-4", "e-5", "e-6", "e-7", "e-0"), ids(store.recent(session, 10)));
        assertEquals(Optional.empty(), store.get(session, "e-1"), "a trimmed entry is gone");
        MemoryEntry again = store.get(session, "e-0").orElseThrow();
        assertEquals("again", again.content(), "an id trimmed earlier in the call is stored again");
        assertTrue(again.sequence() > returned.get(6).sequence() && again.sequence() > old.sequence(),
                () -> "the re-stored entry is the newest: " + again);
    }

    @Test
    final void appendAllSlidesTheTtlAlsoWhenEveryIdIsStored() {
        ShortTermMemory store = openShortTerm(MemoryOptions.SHORT_TERM_TTL.key(), "10m").store();
        SessionRef session = newSession();
        store.appendAll(session, entries("e-", 1, 2));
        assertTrue(store.expire(session, Duration.ofMinutes(1)));
        Instant shortened = store.get(session, "e-1").orElseThrow().expiresAt();

        List<MemoryEntry> again = store.appendAll(session, entries("e-", 1, 2));

        Duration slid = Duration.between(shortened, again.get(1).expiresAt());
        assertTrue(slid.compareTo(Duration.ofMinutes(5)) > 0, () -> "appendAll must slide the session's TTL back to "
                + "the configured 10 minutes, as every append does; expiry after expire(1 min) " + shortened
                + ", after appendAll " + again.get(1).expiresAt());
        assertSameInstant(again.get(0).expiresAt(), store.get(session, "e-2").orElseThrow().expiresAt(),
                "get() after appendAll");
    }

    @Test
    final void appendAllAndConcurrentSingleAppendsGetOneOrder() throws Exception {
        // Odd threads append in batches of 5, even threads one by one.
        appendConcurrentlyInOneOrder(6, 30, 5);
    }

    @Test
    final void aRetriedAppendSlidesTheTtlLikeAnyAppend() {
        ShortTermMemory store = openShortTerm(MemoryOptions.SHORT_TERM_TTL.key(), "10m").store();
        SessionRef session = newSession();
        NewEntry entry = entry("e-1", "asked twice");
        store.append(session, entry);
        assertTrue(store.expire(session, Duration.ofMinutes(1)));
        Instant shortened = store.get(session, "e-1").orElseThrow().expiresAt();

        MemoryEntry again = store.append(session, entry);

        // Both instants are the backend's: the retried append slides the 1 minute back to the configured 10.
        Duration slid = Duration.between(shortened, again.expiresAt());
        assertTrue(slid.compareTo(Duration.ofMinutes(5)) > 0, () -> "a retried append must slide the session's TTL "
                + "back to the configured 10 minutes, as every append does; expiry after expire(1 min) " + shortened
                + ", after the retried append " + again.expiresAt());
        assertSameInstant(again.expiresAt(), store.get(session, "e-1").orElseThrow().expiresAt(),
                "get() after the retried append");
    }

    @Test
    final void recentAndGetCarryTheSessionsCurrentExpiry() {
        ShortTermMemory store = openShortTerm(MemoryOptions.SHORT_TERM_TTL.key(), "10m").store();
        SessionRef session = newSession();
        MemoryEntry first = store.append(session, entry("e-1", "one"));
        MemoryEntry second = store.append(session, entry("e-2", "two"));
        assertSameInstant(second.expiresAt(), store.get(session, "e-1").orElseThrow().expiresAt(),
                "get() of an older entry carries the expiry the last append set");

        assertTrue(store.expire(session, Duration.ofHours(1)));

        List<MemoryEntry> recent = store.recent(session, 10);
        assertEquals(List.of("e-1", "e-2"), ids(recent));
        Instant expiresAt = recent.get(0).expiresAt();
        Duration moved = Duration.between(second.expiresAt(), expiresAt);
        assertTrue(moved.compareTo(Duration.ofMinutes(45)) > 0 && moved.compareTo(Duration.ofMinutes(55)) < 0,
                () -> "after expire(1 h) recent() must show the new expiry, about 50 minutes later than the 10 minute "
                        + "one the last append set (" + second.expiresAt() + "): " + recent);
        assertEquals(expiresAt, recent.get(1).expiresAt(), () -> "every entry carries the session's expiry: " + recent);
        for (MemoryEntry e : List.of(first, second)) {
            assertSameInstant(expiresAt, store.get(session, e.id()).orElseThrow().expiresAt(),
                    "get(" + e.id() + ") after expire(1 h)");
        }
    }

    /** Two reads of an unchanged expiry may differ by rounding (a backend without the stored instant), not more. */
    private static void assertSameInstant(Instant expected, Instant actual, String what) {
        assertTrue(Duration.between(expected, actual).abs().compareTo(Duration.ofSeconds(1)) < 0,
                () -> what + ": expiresAt " + actual + ", expected the session's " + expected);
    }

    @Test
    final void appendsWithinOneMillisecondGetStrictlyIncreasingSequences() {
        ShortTermMemory store = openShortTerm(MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), "500").store();
        SessionRef session = newSession();
        List<Long> returned = new ArrayList<>();
        // As fast as the store takes them: many fall into one millisecond, where a clock cannot order them.
        for (int i = 0; i < 200; i++) {
            returned.add(store.append(session, entry("e-" + i, "turn " + i)).sequence());
        }

        for (int i = 1; i < returned.size(); i++) {
            long previous = returned.get(i - 1);
            long sequence = returned.get(i);
            assertTrue(sequence > previous, () -> "the sequence is the server's counter, not a clock: append #"
                    + returned.indexOf(sequence) + " got " + sequence + " after " + previous);
        }
        assertEquals(returned, store.recent(session, 500).stream().map(MemoryEntry::sequence).toList(),
                "recent() returns the entries in sequence order, with the sequences append returned");
    }

    @Test
    final void clearDoesNotMakeSequencesStartOver() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();
        long last = appendThree(store, session);

        store.clear(session);

        assertLarger(last, store.append(session, entry("e-4", "after clear")), "clear()");
    }

    @Test
    final void anExpiredSessionDoesNotReuseSequences() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();
        long last = appendThree(store, session);
        assertTrue(store.expire(session, Duration.ofSeconds(1)));
        Await.assertEventually(Await.EVENTUALLY, () -> store.size(session) == 0,
                () -> "the session should expire one second after expire()");

        assertLarger(last, store.append(session, entry("e-4", "after expiry")), "expiry");
    }

    /** Appends e-1 to e-3. @return the sequence of e-3 */
    private static long appendThree(ShortTermMemory store, SessionRef session) {
        long last = 0;
        for (int i = 1; i <= 3; i++) {
            last = store.append(session, entry("e-" + i, "turn " + i)).sequence();
        }
        return last;
    }

    private static void assertLarger(long before, MemoryEntry after, String event) {
        assertTrue(after.sequence() > before, () -> "sequences are never reused in a session, also after " + event
                + ": the last before was " + before + ", the first after it " + after.sequence());
    }

    @Test
    final void createdAtNeverRunsBackwardsInSequenceOrder() throws Exception {
        ShortTermMemory store = openShortTerm(MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), "500").store();
        SessionRef session = newSession();
        appendConcurrently(store, session, 6, 30);

        assertCreatedAtNeverDecreases(store.recent(session, 500));
    }

    private static void assertCreatedAtNeverDecreases(List<MemoryEntry> all) {
        for (int i = 1; i < all.size(); i++) {
            MemoryEntry previous = all.get(i - 1);
            MemoryEntry next = all.get(i);
            assertFalse(next.createdAt().isBefore(previous.createdAt()), () -> "createdAt runs backwards against "
                    + "sequence order: " + previous.sequence() + " at " + previous.createdAt() + ", then "
                    + next.sequence() + " at " + next.createdAt());
        }
    }

    @Test
    final void importanceReadsBackExactly() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();
        double importance = 0.123456789012345;

        MemoryEntry appended = store.append(session, new NewEntry("e-1", "user", "precise", Map.of(), importance));

        assertEquals(importance, appended.importance(), "append");
        assertEquals(importance, store.get(session, "e-1").orElseThrow().importance(), "get");
        assertEquals(importance, store.recent(session, 1).get(0).importance(), "recent");
    }

    /** Appends {@code perThread} entries from each of {@code threads} threads at once, with ids t&lt;thread&gt;-&lt;turn&gt;. */
    private static Map<String, Long> appendConcurrently(ShortTermMemory store, SessionRef session, int threads,
                                                        int perThread) throws Exception {
        return appendConcurrently(store, session, threads, perThread, 1);
    }

    /** As the other, but odd threads append {@code batch} entries per {@link ShortTermMemory#appendAll} call. */
    private static Map<String, Long> appendConcurrently(ShortTermMemory store, SessionRef session, int threads,
                                                        int perThread, int batch) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Map<String, Long> returnedSequences = Collections.synchronizedMap(new HashMap<>());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                int step = thread % 2 == 1 ? batch : 1;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i += step) {
                        List<NewEntry> turns = new ArrayList<>();
                        for (int k = i; k < Math.min(perThread, i + step); k++) {
                            turns.add(entry("t" + thread + "-" + k, "thread " + thread + " turn " + k));
                        }
                        List<MemoryEntry> stored = step == 1 ? List.of(store.append(session, turns.get(0)))
                                : store.appendAll(session, turns);
                        stored.forEach(e -> returnedSequences.put(e.id(), e.sequence()));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return returnedSequences;
    }

    @Test
    final void sessionsAreIndependent() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef one = newSession();
        SessionRef two = newSession(one.scope());
        store.append(one, entry("e-1", "in one"));
        store.append(two, entry("e-1", "in two"));
        store.append(two, entry("e-2", "also in two"));

        assertEquals("in one", store.get(one, "e-1").orElseThrow().content());
        assertEquals("in two", store.get(two, "e-1").orElseThrow().content());
        assertEquals(1, store.size(one));
        assertEquals(2, store.size(two));
    }

    @Test
    final void contentAndMetadataReadBackExactly() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();
        String content = "Line one\nline two\t\"quoted\" 'single' \\ back $1 %s {tag} [x] * ? été 测试 😀 \u202e";
        Map<String, String> metadata = Map.of("key with spaces", "value: {x}", "é", "😀", "sql", "'; DROP TABLE x;--");
        NewEntry entry = new NewEntry("e-1", "tool", content, metadata, 0.0);

        store.append(session, entry);

        MemoryEntry read = store.get(session, "e-1").orElseThrow();
        assertEquals(content, read.content());
        assertEquals(metadata, read.metadata());
        assertEquals("tool", read.role());
        assertEquals(0.0, read.importance());
        assertEquals(read, store.recent(session, 1).get(0));
    }

    @Test
    final void healthIsUpWhileTheBackendAnswers() {
        ShortTermMemory store = openShortTerm().store();
        store.append(newSession(), entry("e-1", "warm up"));

        Health health = store.health();

        assertEquals(Health.Status.UP, health.status(), () -> "health: " + health);
        assertNotEquals("", health.detail());
    }
}
