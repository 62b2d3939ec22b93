package dev.agentmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link Vector}, {@link NewMemory}, {@link MemoryQuery}, {@link Memory} and {@link MemoryEntry} are values: equal by
 * value, printed shortly, never sharing an array or a map with their caller, rebuilt unchanged by
 * {@code toBuilder()}, and rejecting with the same messages what the records they replace rejected.
 */
class ValueTypesTest {

    private static final String VALIDATION = " [operation=%s, backend=" + Requests.CLIENT + "]";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String LONG_TEXT = "x".repeat(MemoryDefaults.MAX_CONTENT_LENGTH);

    private static float[] ramp(int dimension) {
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = (i + 1) / (float) dimension * (i % 2 == 0 ? 1 : -1);
        }
        return v;
    }

    @Test
    void vectorsFromDifferentArraysWithTheSameComponentsAreEqual() {
        Vector a = Vector.of(ramp(384));
        Vector b = Vector.of(ramp(384));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Vector.of(ramp(383)));
        float[] changed = ramp(384);
        changed[200] += 0.5f;
        assertNotEquals(a, Vector.of(changed));
        assertNotEquals(Vector.of(0f, 1f), Vector.of(-0f, 1f), "bit for bit, as Arrays.equals compares floats");
        assertFalse(a.equals(ramp(384)), "a vector is not equal to an array");
    }

    @Test
    void aVectorSharesNoArrayWithItsCaller() {
        float[] given = {1f, 2f, 3f};
        Vector v = Vector.of(given);
        given[0] = 9f;
        assertEquals(1f, v.get(0), "the array given is copied");
        float[] returned = v.toArray();
        returned[1] = 9f;
        assertEquals(2f, v.get(1), "the array returned is a copy");
        assertEquals(3, v.dimension());
        assertThrows(IndexOutOfBoundsException.class, () -> v.get(3));
        assertThrows(IndexOutOfBoundsException.class, () -> v.get(-1));
    }

    @Test
    void aVectorPrintsItsDimensionAndFirstComponentsOnly() {
        assertEquals("Vector[384: 0.0026, -0.0052, 0.0078, ...]", Vector.of(ramp(384)).toString());
        assertEquals("Vector[2: 1.0000, -0.5000]", Vector.of(1f, -0.5f).toString());
        assertEquals("Vector[4096: 0.0002, -0.0005, 0.0007, ...]",
                Vector.of(ramp(MemoryDefaults.MAX_EMBEDDING_DIMENSION)).toString());
    }

    @Test
    void textEmbeddingKeepsTheTextBesideItsVectorAndNeedsText() {
        Vector v = Vector.of(1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
        MemoryQuery q = MemoryQuery.text("invoice").kind(SearchKind.HYBRID).textEmbedding(v).build();
        assertEquals("invoice", q.text());
        assertEquals(v, q.vector());
        assertEquals(q, q.toBuilder().build());
        assertNull(q.toBuilder().text("other").build().vector(), "a new text forgets the old text's vector");
        InvalidMemoryRequestException e = assertThrows(InvalidMemoryRequestException.class,
                () -> MemoryQuery.vector(v).textEmbedding(v));
        assertTrue(e.getMessage().contains("has none"), e.getMessage());
    }

    /** The rules and messages Requests.vector gave the NewMemory and MemoryQuery records, now in one place. */
    @Test
    void aVectorIsCheckedWhereverItIsMadeWithTheMessagesTheRecordsGave() {
        Map<String, Supplier<float[]>> bad = Map.of(
                "vector component 1 is NaN; every component must be finite", () -> new float[] {1f, Float.NaN},
                "vector component 0 is Infinity; every component must be finite",
                () -> new float[] {Float.POSITIVE_INFINITY, 1f},
                "vector must not be all zeros: its cosine similarity is undefined", () -> new float[] {0f, -0f},
                "vector dimension must be 1 to 4096, got 0", () -> new float[0],
                "vector dimension must be 1 to 4096, got 4097",
                () -> ramp(MemoryDefaults.MAX_EMBEDDING_DIMENSION + 1));
        bad.forEach((detail, components) -> {
            assertMessage(detail, "store", () -> NewMemory.builder("c").embedding(components.get()).build());
            assertMessage(detail, "search", () -> MemoryQuery.vector(components.get()).build());
            assertMessage(detail, "search", () -> MemoryQuery.text("q").vector(components.get()).build());
            assertMessage(detail, "vector", () -> Vector.of(components.get()));
        });
        assertMessage("embedding must not be null", "store", () -> NewMemory.builder("c").embedding((float[]) null));
        assertMessage("vector must not be null", "search", () -> MemoryQuery.vector((float[]) null));
        assertMessage("vector must not be null", "search", () -> MemoryQuery.vector((Vector) null));
        assertMessage("components must not be null", "vector", () -> Vector.of((float[]) null));
    }

    @Test
    void newMemoriesAreEqualByValueAndPrintShortly() {
        Supplier<NewMemory> make = () -> NewMemory.builder(LONG_TEXT).id("m-1").type(MemoryType.EPISODIC)
                .embedding(ramp(384)).importance(0.7).metadata(new HashMap<>(Map.of("lang", "en", "long", LONG_TEXT
                        .substring(0, MemoryDefaults.MAX_METADATA_VALUE_LENGTH)))).userId("u").sessionId("s")
                .expiresAt(T0).build();
        NewMemory a = make.get();
        NewMemory b = make.get();
        assertEquals(a, b, "two builds of the same fields, vectors in different arrays");
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, a.toBuilder().importance(0.6).build());
        assertNotEquals(a, a.toBuilder().embedding((Vector) null).build());
        assertShort(a.toString(), "NewMemory[id=m-1, type=EPISODIC, content='xxx", "Vector[384: ");
    }

    @Test
    void aQueryIsEqualByValueAndPrintsShortly() {
        MemoryQuery a = MemoryQuery.vector(ramp(1024)).limit(7).minSimilarity(0.2).types(MemoryType.SEMANTIC)
                .minImportance(0.1).metadata(Map.of("lang", "en")).userId("u").build();
        MemoryQuery b = MemoryQuery.vector(Vector.of(ramp(1024))).limit(7).minSimilarity(0.2)
                .types(MemoryType.SEMANTIC).minImportance(0.1).metadata(Map.of("lang", "en")).userId("u").build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, a.toBuilder().limit(8).build());
        assertShort(a.toString(), "MemoryQuery[text=null, vector=Vector[1024: ", "limit=7");
        assertShort(MemoryQuery.text(LONG_TEXT).build().toString(), "MemoryQuery[text='xxx", "vector=null");
    }

    @Test
    void aQuerysKindIsVectorUnlessSetAndTakesPartInEqualityHashAndText() {
        MemoryQuery vector = MemoryQuery.text("lighthouse keepers").limit(5).build();
        assertEquals(SearchKind.VECTOR, vector.kind());
        MemoryQuery hybrid = vector.toBuilder().kind(SearchKind.HYBRID).build();
        assertEquals(SearchKind.HYBRID, hybrid.kind());
        assertEquals(hybrid, hybrid.toBuilder().build(), "toBuilder keeps the kind");
        assertEquals(hybrid.hashCode(), hybrid.toBuilder().build().hashCode());
        assertNotEquals(vector, hybrid);
        assertNotEquals(hybrid, hybrid.toBuilder().kind(SearchKind.KEYWORD).build());
        assertTrue(hybrid.toString().contains("kind=HYBRID"), hybrid.toString());
    }

    @Test
    void aKeywordOrHybridQueryNeedsText() {
        for (SearchKind kind : List.of(SearchKind.KEYWORD, SearchKind.HYBRID)) {
            String name = kind.name().toLowerCase(java.util.Locale.ROOT);
            assertMessage("a " + name + " search needs query text: build it with MemoryQuery.text(...), or use kind"
                    + " VECTOR to search by a vector", "search", () -> MemoryQuery.vector(Vector.of(1f, 0f)).kind(kind)
                    .build());
            assertMessage("a " + name + " search needs query text: build it with MemoryQuery.text(...), or use kind"
                    + " VECTOR to search by a vector", "search", () -> MemoryQuery.text("q").kind(kind)
                    .vector(Vector.of(1f, 0f)).build());
        }
        assertEquals(SearchKind.VECTOR, MemoryQuery.vector(Vector.of(1f, 0f)).kind(SearchKind.VECTOR).build().kind());
        assertMessage("kind must not be null", "search", () -> MemoryQuery.text("q").kind(null));
    }

    @Test
    void settingTheVectorOfAQueryByTextKeepsItsFilters() {
        MemoryQuery byText = MemoryQuery.text("where is my order").limit(3).types(MemoryType.EPISODIC).userId("u")
                .build();
        Vector v = Vector.of(1f, 0f);
        MemoryQuery byVector = byText.toBuilder().vector(v).build();
        assertNull(byVector.text());
        assertEquals(v, byVector.vector());
        assertEquals(byText, byVector.toBuilder().text("where is my order").build(), "only the text was replaced");
    }

    @Test
    void storedMemoriesAndEntriesAreEqualByValueAndPrintShortly() {
        Memory m = Memory.builder(NewMemory.builder(LONG_TEXT).id("m-1").metadata(Map.of("k", "v")).build())
                .createdAt(T0).accessCount(3).lastAccessedAt(T0.plusSeconds(1)).build();
        assertEquals(m, m.toBuilder().build());
        assertEquals(m.hashCode(), m.toBuilder().build().hashCode());
        assertNotEquals(m, m.toBuilder().accessCount(4).build());
        assertShort(m.toString(), "Memory[id=m-1, type=SEMANTIC, content='xxx", "accessCount=3");

        MemoryEntry e = MemoryEntry.builder(NewEntry.of("user", LONG_TEXT).withId("e-1")).sequence(5).createdAt(T0)
                .expiresAt(T0.plusSeconds(60)).build();
        assertEquals(e, e.toBuilder().build());
        assertEquals(e.hashCode(), e.toBuilder().build().hashCode());
        assertNotEquals(e, e.toBuilder().sequence(6).build());
        assertShort(e.toString(), "MemoryEntry[id=e-1, sequence=5, role=user, content='xxx", "importance=0.5");
    }

    /** toBuilder().build() gives back an equal value with every field, so a provider that copies loses nothing. */
    @Test
    void toBuilderKeepsEveryField() {
        NewMemory n = NewMemory.builder("c").id("m-1").type(MemoryType.PROCEDURAL).embedding(ramp(8)).importance(0.25)
                .metadata(Map.of("a", "b")).userId("u").sessionId("s").expiresAt(T0).build();
        NewMemory again = n.toBuilder().build();
        assertEquals(n, again);
        assertEquals(n.toString(), again.toString());
        assertEquals(Vector.of(ramp(8)), again.embedding());
        assertEquals(MemoryType.PROCEDURAL, again.type());
        assertEquals("s", again.sessionId());
        assertEquals(T0, again.expiresAt());

        Memory m = Memory.builder(n).createdAt(T0).lastAccessedAt(T0).accessCount(2).build();
        assertEquals(n.id(), m.id());
        assertEquals(n.type(), m.type());
        assertEquals(n.content(), m.content());
        assertEquals(n.importance(), m.importance());
        assertEquals(n.metadata(), m.metadata());
        assertEquals(n.userId(), m.userId());
        assertEquals(n.sessionId(), m.sessionId());
        assertEquals(n.expiresAt(), m.expiresAt());
        assertEquals(m, m.toBuilder().build());
        Memory lessImportant = m.withImportance(0.1);
        assertEquals(0.1, lessImportant.importance());
        assertEquals(m, lessImportant.toBuilder().importance(0.25).build(), "withImportance changes nothing else");

        MemoryQuery q = MemoryQuery.text("q").limit(9).minSimilarity(-0.5).types(MemoryType.EPISODIC, MemoryType.SEMANTIC)
                .minImportance(0.3).metadata(Map.of("a", "b")).userId("u").build();
        assertEquals(q, q.toBuilder().build());
        assertEquals(Set.of(MemoryType.EPISODIC, MemoryType.SEMANTIC), q.toBuilder().build().types());

        NewEntry given = NewEntry.of("tool", "c").withMetadata(Map.of("a", "b")).withImportance(0.9);
        MemoryEntry e = MemoryEntry.builder(given).sequence(MemoryEntry.PENDING_SEQUENCE).createdAt(T0).expiresAt(T0)
                .build();
        assertEquals(given.id(), e.id());
        assertEquals(given.role(), e.role());
        assertEquals(given.content(), e.content());
        assertEquals(given.metadata(), e.metadata());
        assertEquals(given.importance(), e.importance());
        assertTrue(e.pending());
        assertEquals(e, e.toBuilder().build());
        MemoryEntry slid = e.withExpiresAt(T0.plusSeconds(5));
        assertEquals(T0.plusSeconds(5), slid.expiresAt());
        assertEquals(e, slid.toBuilder().expiresAt(T0).build(), "withExpiresAt changes nothing else");
    }

    @Test
    void noValueSharesAMapWithItsBuilder() {
        Map<String, String> metadata = new HashMap<>(Map.of("k", "v"));
        NewMemory n = NewMemory.builder("c").metadata(metadata).build();
        MemoryQuery q = MemoryQuery.text("q").metadata(metadata).build();
        Memory m = Memory.builder(n).metadata(metadata).createdAt(T0).build();
        MemoryEntry e = MemoryEntry.builder(NewEntry.of("user", "c")).metadata(metadata).sequence(1).createdAt(T0)
                .expiresAt(T0).build();
        metadata.put("k", "changed");
        for (Map<String, ?> held : java.util.List.of(n.metadata().asMap(), m.metadata().asMap(), e.metadata())) {
            assertEquals(Map.of("k", "v"), held);
            assertThrows(UnsupportedOperationException.class, () -> held.remove("k"));
        }
        assertEquals(Filter.eq("k", "v"), q.filter());
    }

    @Test
    void aBuilderIsReusableAndEachBuildIsItsOwnValue() {
        NewMemory.Builder builder = NewMemory.builder("c").id("m-1");
        NewMemory first = builder.build();
        NewMemory second = builder.importance(0.9).build();
        assertEquals(0.5, first.importance(), "building again does not change what was built");
        assertEquals(0.9, second.importance());
    }

    /** A required field left unset is named, as a null given to the old record constructor was. */
    @Test
    void aMissingRequiredFieldIsNamed() {
        Supplier<Memory.Builder> memory = () -> Memory.builder().id("m").type(MemoryType.SEMANTIC).content("c")
                .importance(0.5).createdAt(T0);
        memory.get().build();
        assertMessage("id must be set", "Memory", () -> Memory.builder().type(MemoryType.SEMANTIC).content("c")
                .importance(0.5).createdAt(T0).build());
        assertMessage("type must be set", "Memory", () -> Memory.builder().id("m").content("c").importance(0.5)
                .createdAt(T0).build());
        assertMessage("content must be set", "Memory", () -> Memory.builder().id("m").type(MemoryType.SEMANTIC)
                .importance(0.5).createdAt(T0).build());
        assertMessage("importance must be set", "Memory", () -> Memory.builder().id("m").type(MemoryType.SEMANTIC)
                .content("c").createdAt(T0).build());
        assertMessage("createdAt must be set", "Memory", () -> Memory.builder().id("m").type(MemoryType.SEMANTIC)
                .content("c").importance(0.5).build());
        assertMessage("id must not be null", "Memory", () -> memory.get().id(null));

        NewEntry given = NewEntry.of("user", "c");
        MemoryEntry.builder(given).sequence(1).createdAt(T0).expiresAt(T0).build();
        assertMessage("sequence must be set", "MemoryEntry",
                () -> MemoryEntry.builder(given).createdAt(T0).expiresAt(T0).build());
        assertMessage("createdAt must be set", "MemoryEntry",
                () -> MemoryEntry.builder(given).sequence(1).expiresAt(T0).build());
        assertMessage("expiresAt must be set", "MemoryEntry",
                () -> MemoryEntry.builder(given).sequence(1).createdAt(T0).build());
        assertMessage("id must be set", "MemoryEntry", () -> MemoryEntry.builder().sequence(1).role("user")
                .content("c").importance(0.5).createdAt(T0).expiresAt(T0).build());
        assertMessage("importance must be set", "MemoryEntry", () -> MemoryEntry.builder().id("e").sequence(1)
                .role("user").content("c").createdAt(T0).expiresAt(T0).build());
        assertMessage("role must be set", "MemoryEntry", () -> MemoryEntry.builder().id("e").sequence(1)
                .content("c").importance(0.5).createdAt(T0).expiresAt(T0).build());
        assertMessage("content must be set", "MemoryEntry", () -> MemoryEntry.builder().id("e").sequence(1)
                .role("user").importance(0.5).createdAt(T0).expiresAt(T0).build());
    }

    /** The messages the NewMemory and MemoryQuery records gave, unchanged now that their builders check. */
    @Test
    void theBuildersRejectWhatTheRecordsRejectedWithTheSameMessages() {
        assertMessage("memory id must be 1 to 128 characters of [A-Za-z0-9._:@-], got 'a b'", "store",
                () -> NewMemory.builder("c").id("a b").build());
        assertMessage("content must not be empty", "store", () -> NewMemory.builder("").build());
        assertMessage("importance must be in [0, 1], got 1.5", "store",
                () -> NewMemory.builder("c").importance(1.5).build());
        assertMessage("user id must be 1 to 128 characters of [A-Za-z0-9._:@-], got ''", "store",
                () -> NewMemory.builder("c").userId("").build());
        assertMessage("session id must be 1 to 128 characters of [A-Za-z0-9._:@-], got 'a/b'", "store",
                () -> NewMemory.builder("c").sessionId("a/b").build());
        assertMessage("expiresAt must be from " + MemoryDefaults.MIN_INSTANT + " to " + MemoryDefaults.MAX_INSTANT
                + ", got " + Instant.MAX, "store", () -> NewMemory.builder("c").expiresAt(Instant.MAX).build());
        assertMessage("limit must be 1 to 100, got 0", "search", () -> MemoryQuery.text("q").limit(0).build());
        assertMessage("minSimilarity must be in [-1, 1], got NaN", "search",
                () -> MemoryQuery.text("q").minSimilarity(Double.NaN).build());
        assertMessage("minImportance must be in [0, 1], got -0.1", "search",
                () -> MemoryQuery.text("q").minImportance(-0.1).build());
        assertMessage("query text must not be empty", "search", () -> MemoryQuery.text("").build());
        assertEquals(Instant.parse("2026-01-01T00:00:00.000001Z"),
                NewMemory.builder("c").expiresAt(Instant.parse("2026-01-01T00:00:00.000001999Z")).build().expiresAt(),
                "expiresAt is truncated to microseconds, as the record did");
    }

    private static void assertMessage(String detail, String operation, org.junit.jupiter.api.function.Executable call) {
        InvalidMemoryRequestException e = assertThrows(InvalidMemoryRequestException.class, call);
        assertEquals(detail + String.format(VALIDATION, operation), e.getMessage());
    }

    /** The description starts and contains what is expected, and stays short whatever the value holds. */
    private static void assertShort(String description, String start, String contains) {
        assertTrue(description.startsWith(start), description);
        assertTrue(description.contains(contains), description);
        assertTrue(description.length() < 600, description.length() + " chars: " + description);
        assertFalse(description.contains("[F@"), description);
    }
}
