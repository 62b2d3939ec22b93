package dev.agentmemory.tck;

import dev.agentmemory.faultproxy.FaultProxy;
import static dev.agentmemory.tck.RejectedBeforeIo.assertRejected;
import static dev.agentmemory.tck.RejectedBeforeIo.assertRejectedAgainWithoutIo;
import static dev.agentmemory.tck.RejectedBeforeIo.ioSince;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Filter;
import dev.agentmemory.InvalidMemoryRequestException;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryType;
import dev.agentmemory.Metadata;
import dev.agentmemory.NewEntry;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.tck.HostileIds.HostileId;
import dev.agentmemory.tck.StoreFixture.Capability;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input: every hostile identifier of the TCK's {@code hostile-ids.txt} (blank, oversized, with key-pattern,
 * hash-tag, path, SQL and control characters, non-ASCII), in every place an id goes, is either accepted and read
 * back exactly, or rejected with {@link InvalidMemoryRequestException} before any I/O. So are wrong vector
 * dimensions, NaN and infinite components, limits out of range, oversized content
 * ({@value MemoryDefaults#MAX_CONTENT_LENGTH} chars is the maximum) and null arguments. Nothing stored before is
 * changed.
 *
 * <p>For a {@link Capability#NETWORK} provider "before any I/O" is checked with the fault proxy's counters and
 * with a store whose server refuses every connection.
 */
public abstract class BadInputTck extends TckBase {

    private static final String HOSTILE = "dev.agentmemory.tck.HostileIds#all";

    /** Run through {@link ProviderTck}, which extends every suite once; a provider extends that class. */
    BadInputTck() {
    }

    /**
     * Runs {@code action}; if it throws {@link InvalidMemoryRequestException}, checks that no byte and no connection
     * reached the server meanwhile and returns empty.
     */
    private static <T> Optional<T> acceptedOrRejected(TckBase.Opened<?> opened, String what, Supplier<T> action) {
        FaultProxy.Counters before = opened.proxy() == null ? null : opened.proxy().counters();
        try {
            return Optional.of(action.get());
        } catch (InvalidMemoryRequestException rejected) {
            if (ioSince(opened, before)) {
                assertRejectedAgainWithoutIo(opened, what, action::get);
            }
            return Optional.empty();
        }
    }

    /**
     * Asserts that the message names the field and, for malformed text, the index of the unpaired surrogate, and is
     * itself well-formed text (it does not echo the unpaired surrogate into a log line).
     */
    private static void assertNames(InvalidMemoryRequestException e, String what, String... parts) {
        assertTrue(e.getMessage().codePoints().noneMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE),
                () -> what + ": the message holds an unpaired surrogate: " + HostileIds.printable(e.getMessage()));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> what + ": the message should name '" + part + "': "
                    + e.getMessage());
        }
    }

    /**
     * Text that is not well-formed UTF-16, each with the index of its first unpaired surrogate: it has no UTF-8 form,
     * so Redis and PostgreSQL would store a {@code ?} in its place.
     */
    private static final Map<String, Integer> MALFORMED = Map.of(
            "a\uD800b", 1,             // a lone high surrogate
            "\uDC00", 0,               // a lone low surrogate
            "ab\uD83D", 2,             // a high surrogate at the end
            "a\uDE00\uD83Db", 1);     // a pair in the wrong order

    /** Well-formed text outside the Basic Multilingual Plane (surrogate pairs), which every store keeps exactly. */
    private static final String SUPPLEMENTARY = "a\uD83D\uDE00b \uD834\uDD1E \uD840\uDC0B";

    private static NewEntry entry(String id) {
        return new NewEntry(id, "user", "content of " + id, Map.of(), 0.5);
    }

    // ---- short-term

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource(HOSTILE)
    @RequiresCapability(Capability.SHORT_TERM)
    final void shortTermHostileIdIsAcceptedExactlyOrRejectedBeforeIo(HostileId hostile) {
        assumeCapability(Capability.SHORT_TERM);
        TckBase.Opened<ShortTermMemory> opened = openShortTerm();
        ShortTermMemory store = opened.store();
        SessionRef baseline = newSession();
        store.append(baseline, entry("e-1"));
        store.append(baseline, entry("e-2"));
        List<MemoryEntry> before = store.recent(baseline, 10);
        String id = hostile.value();
        Scope home = newScope();

        Map<String, Supplier<SessionRef>> places = Map.of(
                "tenant", () -> SessionRef.of(id, home.agent(), "s"),
                "agent", () -> SessionRef.of(home.tenant(), id, "s"),
                "session", () -> home.session(id));
        for (Map.Entry<String, Supplier<SessionRef>> place : places.entrySet()) {
            String what = hostile + " as " + place.getKey();
            Optional<SessionRef> accepted = acceptedOrRejected(opened, what, () -> {
                SessionRef session = place.getValue().get();
                track(session);
                store.append(session, entry("e-1"));
                return session;
            });
            if (accepted.isPresent()) {
                SessionRef session = accepted.get();
                assertEquals(List.of("e-1"), store.recent(session, 10).stream().map(MemoryEntry::id).toList(), what);
                assertEquals(Optional.of("content of e-1"), store.get(session, "e-1").map(MemoryEntry::content), what);
            }
        }

        SessionRef session = newSession(home);
        String what = hostile + " as entry id";
        Optional<MemoryEntry> stored = acceptedOrRejected(opened, what, () -> store.append(session, entry(id)));
        if (stored.isPresent()) {
            assertEquals(id, stored.get().id(), what);
            assertEquals(Optional.of(id), store.get(session, id).map(MemoryEntry::id), what);
            assertEquals(List.of(id), store.recent(session, 10).stream().map(MemoryEntry::id).toList(), what);
        } else {
            assertRejected(opened, hostile + " as entry id of get", () -> store.get(session, id));
        }

        what = hostile + " as content and metadata";
        Optional<MemoryEntry> content = acceptedOrRejected(opened, what, () -> store.append(session,
                new NewEntry("e-content", "user", id, Map.of("k", id, "v", "x"), 0.5)));
        content.ifPresent(e -> {
            MemoryEntry read = store.get(session, "e-content").orElseThrow();
            assertEquals(id, read.content(), "content " + hostile);
            assertEquals(id, read.metadata().get("k"), "metadata value " + hostile);
        });
        assertEquals(before, store.recent(baseline, 10), "entries stored before must not change");
    }

    @Test
    @RequiresCapability(Capability.SHORT_TERM)
    final void shortTermLimitsAndNullsAreRejectedBeforeIo() {
        assumeCapability(Capability.SHORT_TERM);
        TckBase.Opened<ShortTermMemory> opened = openShortTerm();
        ShortTermMemory store = opened.store();
        SessionRef session = newSession();
        store.append(session, entry("e-1"));
        List<MemoryEntry> before = store.recent(session, 10);

        assertRejected(opened, "recent limit 0", () -> store.recent(session, 0));
        assertRejected(opened, "recent limit -1", () -> store.recent(session, -1));
        assertRejected(opened, "expire ttl 0", () -> store.expire(session, Duration.ZERO));
        assertRejected(opened, "expire ttl negative", () -> store.expire(session, Duration.ofSeconds(-1)));
        assertRejected(opened, "append null session", () -> store.append(nothing(), entry("e-2")));
        assertRejected(opened, "append null entry", () -> store.append(session, nothing()));
        assertRejected(opened, "recent null session", () -> store.recent(nothing(), 10));
        assertRejected(opened, "get null id", () -> store.get(session, nothing()));
        assertRejected(opened, "size null session", () -> store.size(nothing()));
        assertRejected(opened, "clear null session", () -> store.clear(nothing()));
        assertRejected(opened, "expire null ttl", () -> store.expire(session, nothing()));
        assertNames(assertRejected(opened, "appendAll of nothing", () -> store.appendAll(session, List.of())),
                "appendAll of nothing", "entries", "got 0");
        List<NewEntry> tooMany = new ArrayList<>();
        for (int i = 0; i <= MemoryDefaults.MAX_APPEND_BATCH; i++) {
            tooMany.add(entry("b-" + i));
        }
        assertNames(assertRejected(opened, "appendAll of too many", () -> store.appendAll(session, tooMany)),
                "appendAll of too many", "entries", Integer.toString(MemoryDefaults.MAX_APPEND_BATCH),
                Integer.toString(tooMany.size()));
        assertNames(assertRejected(opened, "appendAll with a duplicate id", () -> store.appendAll(session,
                List.of(entry("e-2"), entry("e-3"), entry("e-2")))), "appendAll with a duplicate id", "e-2", "twice");
        assertNames(assertRejected(opened, "appendAll with a null entry", () -> store.appendAll(session,
                Arrays.asList(entry("e-2"), null))), "appendAll with a null entry", "entry 1", "null");
        assertRejected(opened, "appendAll null session", () -> store.appendAll(nothing(), List.of(entry("e-2"))));
        assertRejected(opened, "appendAll null entries", () -> store.appendAll(session, nothing()));

        assertEquals(before, store.recent(session, 10), "entries stored before must not change");
        assertEquals(Optional.empty(), store.get(session, "e-2"), "a rejected appendAll stores none of its entries");
    }

    @Test
    @RequiresCapability(Capability.SHORT_TERM)
    final void shortTermContentUpToTheDocumentedMaximumIsKeptAndLongerIsRejected() {
        assumeCapability(Capability.SHORT_TERM);
        TckBase.Opened<ShortTermMemory> opened = openShortTerm();
        ShortTermMemory store = opened.store();
        SessionRef session = newSession();
        String longest = "é".repeat(MemoryDefaults.MAX_CONTENT_LENGTH);

        store.append(session, new NewEntry("e-max", "user", longest, Map.of(), 0.5));

        assertEquals(longest, store.get(session, "e-max").orElseThrow().content());
        assertThrows(InvalidMemoryRequestException.class,
                () -> new NewEntry("e-over", "user", longest + "x", Map.of(), 0.5));
        assertThrows(InvalidMemoryRequestException.class, () -> new NewEntry("e-empty", "user", "", Map.of(), 0.5));
        assertEquals(1, store.size(session));
    }

    @Test
    final void fieldRulesAreEnforcedWhenTheRequestIsMade() {
        String longKey = "k".repeat(MemoryDefaults.MAX_METADATA_KEY_LENGTH + 1);
        String longValue = "v".repeat(MemoryDefaults.MAX_METADATA_VALUE_LENGTH + 1);
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i <= MemoryDefaults.MAX_METADATA_ENTRIES; i++) {
            tooMany.put("k" + i, "v");
        }
        List<Executable> invalid = List.of(
                () -> new NewEntry("e", "user", "c", Map.of(longKey, "v"), 0.5),
                () -> new NewEntry("e", "user", "c", Map.of("k", longValue), 0.5),
                () -> new NewEntry("e", "user", "c", tooMany, 0.5),
                () -> new NewEntry("e", "user", "c", Map.of(), 1.5),
                () -> new NewEntry("e", "user", "c", Map.of(), Double.NaN),
                () -> new NewEntry("e", "", "c", Map.of(), 0.5),
                () -> new NewEntry("e", "r".repeat(MemoryDefaults.MAX_ROLE_LENGTH + 1), "c", Map.of(), 0.5),
                () -> new NewEntry("e", "user", "a\0b", Map.of(), 0.5),
                () -> NewMemory.builder("c").importance(-0.1).build(),
                () -> NewMemory.builder("c").embedding(new float[] {1f, Float.NaN}).build(),
                () -> NewMemory.builder("c").embedding(new float[] {1f, Float.POSITIVE_INFINITY}).build(),
                () -> NewMemory.builder("c").embedding(new float[] {0f, 0f}).build(),
                () -> NewMemory.builder("c").embedding(new float[0]).build(),
                () -> NewMemory.builder("c").metadata(tooMany).build(),
                () -> MemoryQuery.vector(new float[] {Float.NaN, 1f}).build(),
                () -> MemoryQuery.text("q").limit(0).build(),
                () -> MemoryQuery.text("q").limit(MemoryDefaults.SEARCH_MAX_LIMIT + 1).build(),
                () -> MemoryQuery.text("q").minSimilarity(1.5).build(),
                () -> MemoryQuery.text("q").minSimilarity(Double.NaN).build(),
                () -> MemoryQuery.text("q").minImportance(2).build(),
                () -> MemoryQuery.text("").build());
        for (int i = 0; i < invalid.size(); i++) {
            assertThrows(InvalidMemoryRequestException.class, invalid.get(i), "invalid request #" + i);
        }
    }

    @Test
    final void shortTermMalformedUtf16IsRejectedBeforeIoNamingTheFieldAndIndexAndNothingIsStored() {
        assumeCapability(Capability.SHORT_TERM);
        TckBase.Opened<ShortTermMemory> opened = openShortTerm();
        ShortTermMemory store = opened.store();
        SessionRef session = newSession();
        for (Map.Entry<String, Integer> bad : MALFORMED.entrySet()) {
            String text = bad.getKey();
            String index = "index " + bad.getValue();
            assertNames(assertRejected(opened, "content " + HostileIds.printable(text),
                    () -> store.append(session, new NewEntry("e-bad", "user", text, Map.of(), 0.5))),
                    "content " + HostileIds.printable(text), "content", index);
            assertNames(assertRejected(opened, "metadata key " + HostileIds.printable(text),
                    () -> store.append(session, new NewEntry("e-bad", "user", "c", Map.of(text, "v"), 0.5))),
                    "metadata key " + HostileIds.printable(text), "metadata key", index);
            assertNames(assertRejected(opened, "metadata value " + HostileIds.printable(text),
                    () -> store.append(session, new NewEntry("e-bad", "user", "c", Map.of("k", text), 0.5))),
                    "metadata value " + HostileIds.printable(text), "metadata value", index);
            assertNames(assertRejected(opened, "role " + HostileIds.printable(text),
                    () -> store.append(session, new NewEntry("e-bad", text, "c", Map.of(), 0.5))),
                    "role " + HostileIds.printable(text), "role", index);
            assertNames(assertRejected(opened, "entry id " + HostileIds.printable(text), () -> store.get(session, text)),
                    "entry id " + HostileIds.printable(text), "entry id", index);
        }
        assertEquals(0, store.size(session), "a rejected append stores nothing");
        assertEquals(Optional.empty(), store.get(session, "e-bad"), "a rejected append stores nothing");
    }

    /**
     * Two metadata keys that differ only in an unpaired surrogate become one key in a backend that stores UTF-8 (both
     * turn into {@code a?b}), losing a pair without an error: such a map is rejected, and nothing is stored.
     */
    @Test
    final void shortTermMetadataKeysDifferingOnlyInAnUnpairedSurrogateCannotLoseAPair() {
        assumeCapability(Capability.SHORT_TERM);
        TckBase.Opened<ShortTermMemory> opened = openShortTerm();
        ShortTermMemory store = opened.store();
        SessionRef session = newSession();
        Map<String, String> colliding = Map.of("a\uD800b", "1", "a\uDC00b", "2");

        assertNames(assertRejected(opened, "colliding metadata keys",
                () -> store.append(session, new NewEntry("e-bad", "user", "c", colliding, 0.5))),
                "colliding metadata keys", "metadata key", "index 1");

        assertEquals(0, store.size(session), "a rejected append stores nothing");
        assertEquals(List.of(), store.recent(session, 10), "a rejected append stores nothing");
    }

    @Test
    final void shortTermSupplementaryCharactersAreKeptExactly() {
        assumeCapability(Capability.SHORT_TERM);
        ShortTermMemory store = openShortTerm().store();
        SessionRef session = newSession();
        // Keys that differ only in the low surrogate of their pair must stay two keys.
        Map<String, String> metadata = Map.of("a\uD83D\uDE00b", "1", "a\uD83D\uDE01b", "2", "k", SUPPLEMENTARY);

        MemoryEntry appended = store.append(session, new NewEntry("e-1", "user", SUPPLEMENTARY, metadata, 0.5));

        assertEquals(SUPPLEMENTARY, appended.content());
        MemoryEntry read = store.get(session, "e-1").orElseThrow();
        assertEquals(SUPPLEMENTARY, read.content(), "content outside the BMP");
        assertEquals(metadata, read.metadata(), "metadata outside the BMP");
        assertEquals(List.of(read), store.recent(session, 10));
    }

    // ---- long-term

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource(HOSTILE)
    @RequiresCapability(Capability.LONG_TERM)
    final void longTermHostileIdIsAcceptedExactlyOrRejectedBeforeIo(HostileId hostile) {
        assumeCapability(Capability.LONG_TERM);
        TckBase.Opened<LongTermMemory> opened = openLongTerm();
        LongTermMemory store = opened.store();
        Scope baseline = newScope();
        store.store(baseline, NewMemory.builder("baseline one").id("m-1").build());
        store.store(baseline, NewMemory.builder("baseline two").id("m-2").build());
        List<Memory> before = store.list(baseline, 10);
        String id = hostile.value();
        Scope home = newScope();

        Map<String, Supplier<Scope>> places = Map.of(
                "tenant", () -> new Scope(id, home.agent()),
                "agent", () -> new Scope(home.tenant(), id));
        for (Map.Entry<String, Supplier<Scope>> place : places.entrySet()) {
            String what = hostile + " as " + place.getKey();
            Optional<Scope> accepted = acceptedOrRejected(opened, what, () -> {
                Scope scope = place.getValue().get();
                track(scope);
                store.store(scope, NewMemory.builder("in a hostile scope").id("m-1").build());
                return scope;
            });
            accepted.ifPresent(scope -> assertEquals(List.of("m-1"),
                    store.list(scope, 10).stream().map(Memory::id).toList(), what));
        }

        Scope scope = newScope();
        String what = hostile + " as memory id";
        Optional<Memory> stored = acceptedOrRejected(opened, what,
                () -> store.store(scope, NewMemory.builder("hostile id").id(id).build()));
        if (stored.isPresent()) {
            assertEquals(id, stored.get().id(), what);
            assertEquals(Optional.of(id), store.get(scope, id).map(Memory::id), what);
            assertEquals(List.of(id), store.list(scope, 10).stream().map(Memory::id).toList(), what);
            assertTrue(store.delete(scope, id), what);
        } else {
            assertRejected(opened, hostile + " as memory id of get", () -> store.get(scope, id));
            assertRejected(opened, hostile + " as memory id of delete", () -> store.delete(scope, id));
            assertRejected(opened, hostile + " as memory id of updateImportance", () -> store.updateImportance(scope, id, 0.5));
        }

        what = hostile + " as user id";
        Optional<Memory> user = acceptedOrRejected(opened, what, () -> store.store(scope,
                NewMemory.builder("about a user").id("m-user").userId(id).sessionId(id).build()));
        user.ifPresent(m -> {
            Memory read = store.get(scope, "m-user").orElseThrow();
            assertEquals(id, read.userId(), "user id " + hostile);
            assertEquals(id, read.sessionId(), "session id " + hostile);
            assertEquals(List.of("m-user"), store.search(scope, MemoryQuery.text("about a user").userId(id)
                    .minSimilarity(-1).build()).stream().map(h -> h.memory().id()).toList(), "search by user " + hostile);
        });

        what = hostile + " as content and metadata";
        Optional<Memory> content = acceptedOrRejected(opened, what, () -> store.store(scope,
                NewMemory.builder(id).id("m-content").metadata(Map.of("k", id)).build()));
        content.ifPresent(m -> {
            Memory read = store.get(scope, "m-content").orElseThrow();
            assertEquals(id, read.content(), "content " + hostile);
            assertEquals(id, read.metadata().get("k"), "metadata value " + hostile);
            assertEquals(List.of("m-content"), store.search(scope, MemoryQuery.vector(LongTermMemoryTck.axis(0))
                    .minSimilarity(-1).metadata(Map.of("k", id)).build()).stream().map(h -> h.memory().id()).toList(),
                    "search by metadata " + hostile);
        });
        assertEquals(before, store.list(baseline, 10), "memories stored before must not change");
    }

    @Test
    @RequiresCapability(Capability.LONG_TERM)
    final void longTermWrongDimensionsLimitsAndNullsAreRejectedBeforeIo() {
        assumeCapability(Capability.LONG_TERM);
        TckBase.Opened<LongTermMemory> opened = openLongTerm();
        LongTermMemory store = opened.store();
        Scope scope = newScope();
        store.store(scope, NewMemory.builder("kept as it is").id("m-1").embedding(LongTermMemoryTck.axis(0)).importance(0.3).build());
        List<Memory> before = store.list(scope, 10);
        int dimension = store.dimension();
        float[] shorter = new float[dimension - 1];
        shorter[0] = 1f;
        float[] longer = new float[dimension + 1];
        longer[0] = 1f;

        assertRejected(opened, "store a shorter vector over an existing id",
                () -> store.store(scope, NewMemory.builder("replaced?").id("m-1").embedding(shorter).build()));
        assertRejected(opened, "store a longer vector",
                () -> store.store(scope, NewMemory.builder("new").id("m-2").embedding(longer).build()));
        assertRejected(opened, "storeAll with one wrong vector", () -> store.storeAll(scope, List.of(
                NewMemory.builder("fine").id("m-3").build(),
                NewMemory.builder("wrong").id("m-4").embedding(longer).build())));
        assertRejected(opened, "storeAll with a duplicate id", () -> store.storeAll(scope, List.of(
                NewMemory.builder("one").id("m-5").build(), NewMemory.builder("two").id("m-5").build())));
        assertRejected(opened, "storeAll of nothing", () -> store.storeAll(scope, List.of()));
        assertRejected(opened, "search with a longer vector", () -> store.search(scope, MemoryQuery.vector(longer).build()));
        assertRejected(opened, "list limit 0", () -> store.list(scope, 0));
        assertRejected(opened, "list limit over the maximum", () -> store.list(scope, MemoryDefaults.SEARCH_MAX_LIMIT + 1));
        assertRejected(opened, "updateImportance above 1", () -> store.updateImportance(scope, "m-1", 1.5));
        assertRejected(opened, "updateImportance NaN", () -> store.updateImportance(scope, "m-1", Double.NaN));
        assertRejected(opened, "store null scope", () -> store.store(nothing(), NewMemory.builder("x").build()));
        assertRejected(opened, "store null memory", () -> store.store(scope, nothing()));
        assertRejected(opened, "search null query", () -> store.search(scope, nothing()));
        assertRejected(opened, "get null id", () -> store.get(scope, nothing()));
        assertRejected(opened, "delete null scope", () -> store.delete(nothing(), "m-1"));

        assertEquals(before, store.list(scope, 10), "memories stored before must not change");
        assertEquals(Optional.empty(), store.get(scope, "m-3"), "a rejected storeAll stores none of its memories");
    }

    @Test
    @RequiresCapability(Capability.LONG_TERM)
    final void longTermContentUpToTheDocumentedMaximumIsKeptAndLongerIsRejected() {
        assumeCapability(Capability.LONG_TERM);
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        String longest = "ü".repeat(MemoryDefaults.MAX_CONTENT_LENGTH);

        store.store(scope, NewMemory.builder(longest).id("m-max").type(MemoryType.EPISODIC).build());

        assertEquals(longest, store.get(scope, "m-max").orElseThrow().content());
        assertThrows(InvalidMemoryRequestException.class, () -> NewMemory.builder(longest + "x").build());
    }

    @Test
    @RequiresCapability(Capability.LONG_TERM)
    final void longTermMalformedUtf16IsRejectedBeforeIoNamingTheFieldAndIndexAndNothingIsStored() {
        assumeCapability(Capability.LONG_TERM);
        TckBase.Opened<LongTermMemory> opened = openLongTerm();
        LongTermMemory store = opened.store();
        Scope scope = newScope();
        for (Map.Entry<String, Integer> bad : MALFORMED.entrySet()) {
            String text = bad.getKey();
            String index = "index " + bad.getValue();
            String shown = HostileIds.printable(text);
            assertNames(assertRejected(opened, "content " + shown,
                    () -> store.store(scope, NewMemory.builder(text).id("m-bad").build())), shown, "content", index);
            assertNames(assertRejected(opened, "metadata key " + shown, () -> store.store(scope,
                    NewMemory.builder("c").id("m-bad").metadata(Map.of(text, "v")).build())), shown, "metadata key", index);
            assertNames(assertRejected(opened, "metadata value " + shown, () -> store.store(scope,
                    NewMemory.builder("c").id("m-bad").metadata(Map.of("k", text)).build())), shown, "metadata value", index);
            assertNames(assertRejected(opened, "user id " + shown, () -> store.store(scope,
                    NewMemory.builder("c").id("m-bad").userId(text).build())), shown, "user id", index);
            assertNames(assertRejected(opened, "session id " + shown, () -> store.store(scope,
                    NewMemory.builder("c").id("m-bad").sessionId(text).build())), shown, "session id", index);
            assertNames(assertRejected(opened, "query text " + shown,
                    () -> store.search(scope, MemoryQuery.text(text).build())), shown, "query text", index);
            assertNames(assertRejected(opened, "query metadata " + shown, () -> store.search(scope,
                    MemoryQuery.text("q").metadata(Map.of("k", text)).build())), shown, "metadata value", index);
            assertNames(assertRejected(opened, "memory id " + shown, () -> store.delete(scope, text)),
                    shown, "memory id", index);
        }
        assertNames(assertRejected(opened, "colliding metadata keys", () -> store.store(scope, NewMemory.builder("c")
                .id("m-bad").metadata(Map.of("a\uD800b", "1", "a\uDC00b", "2")).build())),
                "colliding metadata keys", "metadata key", "index 1");
        assertEquals(List.of(), store.list(scope, 10), "a rejected store stores nothing");
    }

    @Test
    @RequiresCapability(Capability.LONG_TERM)
    final void longTermSupplementaryCharactersAreKeptExactlyAndFoundByMetadata() {
        assumeCapability(Capability.LONG_TERM);
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        Map<String, String> metadata = Map.of("a\uD83D\uDE00b", "1", "a\uD83D\uDE01b", "2", "k", SUPPLEMENTARY);

        store.store(scope, NewMemory.builder(SUPPLEMENTARY).id("m-1").embedding(LongTermMemoryTck.axis(0))
                .metadata(metadata).build());

        Memory read = store.get(scope, "m-1").orElseThrow();
        assertEquals(SUPPLEMENTARY, read.content(), "content outside the BMP");
        assertEquals(Metadata.of(metadata), read.metadata(), "metadata outside the BMP");
        assertEquals(List.of("m-1"), store.search(scope, MemoryQuery.vector(LongTermMemoryTck.axis(0)).minSimilarity(-1)
                .metadata(Map.of("a\uD83D\uDE01b", "2", "k", SUPPLEMENTARY)).build())
                .stream().map(h -> h.memory().id()).toList(), "search by metadata outside the BMP");
    }

    /**
     * An expiry is truncated to whole microseconds (every backend keeps microseconds; PostgreSQL keeps no finer) and
     * must lie in the documented range, years 1 to 9999; {@link Instant#MAX} is rejected before any I/O rather than
     * failing in one backend and not another.
     */
    @Test
    @RequiresCapability(Capability.LONG_TERM)
    final void longTermExpiryOutsideTheDocumentedRangeIsRejectedAndInsideIsKeptToTheMicrosecond() {
        assumeCapability(Capability.LONG_TERM);
        TckBase.Opened<LongTermMemory> opened = openLongTerm();
        LongTermMemory store = opened.store();
        Scope scope = newScope();
        for (Instant outside : List.of(Instant.MAX, Instant.MIN, MemoryDefaults.MAX_INSTANT.plus(1, ChronoUnit.MICROS),
                MemoryDefaults.MIN_INSTANT.minusNanos(1))) {
            assertNames(assertRejected(opened, "expiresAt " + outside, () -> store.store(scope,
                    NewMemory.builder("c").id("m-bad").expiresAt(outside).build())), "expiresAt " + outside, "expiresAt");
        }
        assertEquals(List.of(), store.list(scope, 10), "a rejected store stores nothing");

        Instant fine = Instant.parse("2999-06-30T12:34:56.123456789Z");
        Instant micros = Instant.parse("2999-06-30T12:34:56.123456Z");
        assertEquals(micros, NewMemory.builder("c").expiresAt(fine).build().expiresAt(), "truncated to microseconds");
        Instant last = MemoryDefaults.MAX_INSTANT.plusNanos(999);
        Map<String, Instant> kept = Map.of("m-fine", fine, "m-last", last);
        for (Map.Entry<String, Instant> e : kept.entrySet()) {
            Memory stored = store.store(scope, NewMemory.builder("c").id(e.getKey()).expiresAt(e.getValue()).build());
            Instant expected = e.getValue().truncatedTo(ChronoUnit.MICROS);
            assertEquals(expected, stored.expiresAt(), e.getKey() + " as returned by store");
            assertEquals(expected, store.get(scope, e.getKey()).orElseThrow().expiresAt(), e.getKey() + " read back");
        }
        Memory first = store.store(scope, NewMemory.builder("c").id("m-first").expiresAt(MemoryDefaults.MIN_INSTANT).build());
        assertEquals(MemoryDefaults.MIN_INSTANT, first.expiresAt(), "the earliest instant is accepted");
        assertEquals(Optional.empty(), store.get(scope, "m-first"), "and, being in the past, has expired");
    }

    // ---- null arguments, found by reflection

    /**
     * Every method of {@link ShortTermMemory} and {@link LongTermMemory}, given {@code null} for one reference parameter
     * at a time (the others valid), throws {@link InvalidMemoryRequestException} naming the parameter, before any I/O.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    final void everyNullArgumentOfEveryStoreMethodIsRejectedBeforeIoNamingTheParameter(StoreKind kind) {
        assumeKind(kind);
        TckBase.Opened<?> opened = kind == StoreKind.SHORT_TERM ? openShortTerm() : openLongTerm();
        Object store = opened.store();
        SessionRef session = newSession();
        Scope scope = newScope();
        Map<Class<?>, Object> samples = Map.of(
                SessionRef.class, session,
                Scope.class, scope,
                NewEntry.class, entry("e-1"),
                NewMemory.class, NewMemory.builder("a memory").id("m-1").build(),
                List.class, kind == StoreKind.SHORT_TERM ? List.of(entry("e-2"))
                        : List.of(NewMemory.builder("another memory").id("m-2").build()),
                MemoryQuery.class, MemoryQuery.text("a memory").build(),
                String.class, "e-1",
                Duration.class, Duration.ofMinutes(5),
                Filter.class, Filter.eq("k", "v"));
        Class<?> api = kind == StoreKind.SHORT_TERM ? ShortTermMemory.class : LongTermMemory.class;
        int checked = 0;
        for (Method method : api.getMethods()) {
            if (method.getParameterCount() == 0 || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            Parameter[] parameters = method.getParameters();
            Object[] valid = new Object[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                Class<?> t = parameters[i].getType();
                valid[i] = t == int.class ? (Object) 10 : t == double.class ? (Object) 0.5 : samples.get(t);
                assertTrue(t.isPrimitive() || valid[i] != null, "no sample for " + t + " of " + method);
            }
            try {
                invoke(method, store, valid);
            } catch (Throwable e) {
                throw new AssertionError(method + " with valid arguments must succeed, so that the nulls below are what is rejected", e);
            }
            for (int i = 0; i < parameters.length; i++) {
                Parameter p = parameters[i];
                if (p.getType().isPrimitive()) {
                    continue;
                }
                assertTrue(p.isNamePresent(), "memory-api must be compiled with -parameters");
                Object[] args = valid.clone();
                args[i] = null;
                String what = api.getSimpleName() + "." + method.getName() + " with " + p.getName() + " = null";
                String words = p.getName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
                InvalidMemoryRequestException e = assertRejected(opened, what, () -> invoke(method, store, args));
                assertTrue(e.getMessage().contains(p.getName()) || e.getMessage().toLowerCase(Locale.ROOT).contains(words),
                        () -> what + ": the message does not name the parameter: " + e.getMessage());
                checked++;
            }
        }
        assertTrue(checked >= (kind == StoreKind.SHORT_TERM ? 8 : 12), "only " + checked + " null arguments found");
    }

    private static void invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    // ---- no server needed

    @Test
    @RequiresCapability(Capability.NETWORK)
    final void rejectedRequestsNeverNeedTheServer() {
        assumeCapability(Capability.NETWORK);
        FaultProxy proxy = newProxy();
        proxy.mode(FaultProxy.Mode.REFUSE);
        if (has(Capability.SHORT_TERM)) {
            TckBase.Opened<ShortTermMemory> opened = openShortTerm(proxy, RESILIENCE_ENABLED, "false");
            ShortTermMemory store = opened.store();
            SessionRef session = newSession();
            assertRejected(opened, "recent limit 0", () -> store.recent(session, 0));
            assertRejected(opened, "get with a hostile id", () -> store.get(session, "am:*"));
            assertRejected(opened, "append null", () -> store.append(session, nothing()));
            assertRejected(opened, "expire zero", () -> store.expire(session, Duration.ZERO));
        }
        if (has(Capability.LONG_TERM)) {
            TckBase.Opened<LongTermMemory> opened = openLongTerm(proxy, RESILIENCE_ENABLED, "false");
            LongTermMemory store = opened.store();
            Scope scope = newScope();
            float[] longer = new float[store.dimension() + 1];
            longer[0] = 1f;
            assertRejected(opened, "store a longer vector", () -> store.store(scope, NewMemory.builder("x").embedding(longer).build()));
            assertRejected(opened, "list limit 0", () -> store.list(scope, 0));
            assertRejected(opened, "delete a hostile id", () -> store.delete(scope, "x'); DROP TABLE memories;--"));
        }
        assertEquals(0, proxy.counters().accepted(), "no connection attempt reached the server");
    }

    /** A null where the API forbids one, typed for the call: the TCK checks that the store refuses it. */
    @SuppressWarnings({"unchecked", "nullness"})
    private static <T> T nothing() {
        return (T) NO_VALUE;
    }

    private static final @Nullable Object NO_VALUE = null;
}
