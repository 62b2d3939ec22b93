package dev.agentmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@link Metadata}: the seven value types, the limits checked when made, equality by type and value, and its text. */
class MetadataTest {

    private static final UUID ID = UUID.fromString("a0000000-0000-4000-8000-00000000000a");

    private static void assertInvalid(String part, Executable make) {
        InvalidMemoryRequestException e = assertThrows(InvalidMemoryRequestException.class, make);
        assertTrue(e.getMessage().contains(part), () -> "the message should name '" + part + "': " + e.getMessage());
    }

    @Test
    void everyAllowedTypeIsKeptAsTheSameTypeAndValue() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("s", "text");
        values.put("u", ID);
        values.put("i", Integer.MIN_VALUE);
        values.put("l", Long.MAX_VALUE);
        values.put("f", -0.0f);
        values.put("d", -0.0);
        values.put("b", false);

        Metadata m = Metadata.of(values);

        assertEquals(values, m.asMap());
        for (Map.Entry<String, Object> e : values.entrySet()) {
            assertEquals(e.getValue().getClass(), m.get(e.getKey()).getClass(), e.getKey());
        }
        assertEquals(List.of("b", "d", "f", "i", "l", "s", "u"), List.copyOf(m.keys()), "keys in natural order");
        assertEquals("text", m.getString("s"));
        assertNull(m.getString("u"), "a UUID is not a string");
        assertNull(m.get("absent"));
        assertTrue(m.containsKey("b"));
        assertFalse(m.containsKey("absent"));
        assertEquals(7, m.size());
    }

    @Test
    void pairsAndMapsMakeEqualMetadata() {
        assertEquals(Metadata.of(Map.of("a", 1, "b", "x")), Metadata.of("b", "x", "a", 1));
        assertSame(Metadata.empty(), Metadata.of(Map.of()));
        assertSame(Metadata.empty(), Metadata.of());
        assertTrue(Metadata.empty().isEmpty());
    }

    @Test
    void equalityIsByTypeAndValueAsInJava() {
        assertNotEquals(Metadata.of("n", 1), Metadata.of("n", 1L));
        assertNotEquals(Metadata.of("n", 1.0), Metadata.of("n", 1.0f));
        assertNotEquals(Metadata.of("n", 0.0), Metadata.of("n", -0.0), "-0.0 is kept apart from 0.0");
        assertNotEquals(Metadata.of("u", ID), Metadata.of("u", ID.toString()));
        assertEquals(Metadata.of("n", 1L, "s", "x"), Metadata.of("s", "x", "n", 1L));
        assertEquals(Metadata.of("n", 1L, "s", "x").hashCode(), Metadata.of("s", "x", "n", 1L).hashCode());
        assertFalse(Metadata.of("k", "v").equals(Map.of("k", "v")), "metadata are not a map");
    }

    @Test
    void theMapGivenIsCopiedAndTheViewIsUnmodifiable() {
        Map<String, Object> given = new HashMap<>(Map.of("k", "v"));
        Metadata m = Metadata.of(given);
        given.put("k", "changed");
        given.put("other", 1);

        assertEquals(Metadata.of("k", "v"), m);
        assertThrows(UnsupportedOperationException.class, () -> m.asMap().put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> m.keys().remove("k"));
    }

    @Test
    void withAddsOrReplacesAPairAndChecksIt() {
        Metadata m = Metadata.of("a", 1);

        assertEquals(Metadata.of("a", 1, "b", true), m.with("b", true));
        assertEquals(Metadata.of("a", 2L), m.with("a", 2L));
        assertEquals(Metadata.of("a", 1), m, "unchanged");
        assertInvalid("finite", () -> m.with("b", Double.NaN));
        assertInvalid("must not be null", () -> m.with("b", null));
        assertInvalid("metadata keys", () -> m.with("", 1));
    }

    @Test
    void limitsAreCheckedWhenMadeNamingTheKey() {
        Map<String, Object> most = fill(MemoryDefaults.MAX_METADATA_ENTRIES);
        assertEquals(MemoryDefaults.MAX_METADATA_ENTRIES, Metadata.of(most).size());
        most.put("one-more", 1);
        assertInvalid("the maximum is " + MemoryDefaults.MAX_METADATA_ENTRIES, () -> Metadata.of(most));
        assertInvalid("metadata has 33 entries", () -> Metadata.of(fill(33)));
        assertInvalid("metadata has 33 entries", () -> Metadata.of(fill(32)).with("one-more", 1));

        String longestKey = "k".repeat(MemoryDefaults.MAX_METADATA_KEY_LENGTH);
        assertEquals(1, Metadata.of(longestKey, 1).size());
        assertInvalid("metadata keys must be 1 to", () -> Metadata.of(longestKey + "k", 1));
        assertInvalid("metadata keys must be 1 to", () -> Metadata.of("", 1));
        String longestValue = "v".repeat(MemoryDefaults.MAX_METADATA_VALUE_LENGTH);
        assertEquals(longestValue, Metadata.of("k", longestValue).get("k"));
        assertInvalid("'k'", () -> Metadata.of("k", longestValue + "v"));
        assertInvalid("unpaired surrogate", () -> Metadata.of("a\uD800", 1));
        assertInvalid("unpaired surrogate", () -> Metadata.of("k", "\uDC00"));
        assertInvalid("U+0000", () -> Metadata.of("a\0b", 1));
        assertInvalid("U+0000", () -> Metadata.of("k", "a\0b"));
        assertEquals("\uD83D\uDE00", Metadata.of("\uD83D\uDE00", "\uD83D\uDE00").get("\uD83D\uDE00"));
    }

    private static Map<String, Object> fill(int n) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("k" + i, i);
        }
        return m;
    }

    @Test
    void onlyTheSevenTypesAndFiniteNumbersAreValues() {
        for (Object bad : List.of(new BigDecimal("1"), (short) 1, (byte) 1, 'c', new Object(), List.of(1), Map.of())) {
            assertInvalid("allowed: String, UUID, Integer, Long, Float, Double, Boolean", () -> Metadata.of("k", bad));
        }
        for (Object bad : List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Float.NaN,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)) {
            assertInvalid("finite", () -> Metadata.of("k", bad));
        }
        assertEquals(Double.MAX_VALUE, Metadata.of("k", Double.MAX_VALUE).get("k"));
        assertEquals(Float.MIN_VALUE, Metadata.of("k", Float.MIN_VALUE).get("k"));
    }

    @Test
    void pairsMustBePairsOfAStringKeyAndAValue() {
        assertInvalid("pairs", () -> Metadata.of("a", 1, "b"));
        assertInvalid("argument 2 must be a String key, got Integer", () -> Metadata.of("a", 1, 2, 3));
        assertInvalid("given twice", () -> Metadata.of("a", 1, "a", 2));
        assertInvalid("value of 'a'", () -> Metadata.of("a", (Object) null));
    }

    @Test
    void theTextMarksEachTypeAndQuotesStrings() {
        Metadata m = Metadata.of("s", "x", "u", ID, "i", 3, "l", 3L, "f", 1.5f, "d", -0.0, "b", true);

        assertEquals("{b=true, d=-0.0, f=1.5f, i=3, l=3L, s='x', u=uuid:" + ID + "}", m.toString());
        assertEquals("{}", Metadata.empty().toString());
        assertEquals("{k='a\\u000a'}", Metadata.of("k", "a\n").toString(),
                "a control character is escaped");
    }
}
