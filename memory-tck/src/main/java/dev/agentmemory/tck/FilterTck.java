package dev.agentmemory.tck;

import static dev.agentmemory.Filter.and;
import static dev.agentmemory.Filter.containsString;
import static dev.agentmemory.Filter.eq;
import static dev.agentmemory.Filter.exists;
import static dev.agentmemory.Filter.gt;
import static dev.agentmemory.Filter.gte;
import static dev.agentmemory.Filter.in;
import static dev.agentmemory.Filter.lt;
import static dev.agentmemory.Filter.lte;
import static dev.agentmemory.Filter.missing;
import static dev.agentmemory.Filter.ne;
import static dev.agentmemory.Filter.not;
import static dev.agentmemory.Filter.notIn;
import static dev.agentmemory.Filter.or;
import static dev.agentmemory.tck.RejectedBeforeIo.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Filter;
import dev.agentmemory.InvalidMemoryRequestException;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.Metadata;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.tck.HostileIds.HostileId;
import dev.agentmemory.tck.StoreFixture.Capability;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The filter language of {@link Filter} against the store: every operator on every value type, missing keys, mixed
 * types, numbers across types and at their limits, strings by code point, nesting and precedence, exact round trips
 * of every metadata type, hostile keys and operands, filters within one scope only, agreement of {@code count},
 * {@code list}, {@code search} and {@code deleteAll}, the best k among the matching memories, and bad filters
 * rejected before any I/O; then a seeded random part compares the store with {@link Filter#test(Metadata)}.
 *
 * <p>The expected ids are written out in the tests, and each is also checked against {@link Filter#test(Metadata)},
 * so that a store and the reference that agree on a wrong answer are caught too. The random part prints its seed in
 * every failure; rerun it with {@code -Dagentmemory.tck.filter-seed=<seed>}.
 *
 * <p>Skipped as a whole, with a reason, when the fixture lacks {@link Capability#LONG_TERM}.
 */
@RequiresCapability(Capability.LONG_TERM)
public abstract class FilterTck extends TckBase {

    /** The system property that replays the random part with a given seed. */
    static final String SEED_PROPERTY = "agentmemory.tck.filter-seed";

    static final UUID U1 = UUID.fromString("10000000-0000-4000-8000-000000000001");
    static final UUID U2 = UUID.fromString("20000000-0000-4000-8000-000000000002");
    /** Its first bit set: before U1 in {@link UUID#compareTo} (signed), after it by canonical text, as the rules say. */
    static final UUID U3 = UUID.fromString("a0000000-0000-4000-8000-00000000000a");

    /**
     * The fixed data set: keys s, u, i, l, f, d, b hold a String, UUID, Integer, Long, Float, Double and Boolean in m1
     * to m3; m4 has none of them (only a key named "other" with the value "s"); m5 holds a value of another type
     * under each (the UUID key holds the text of U2 as a String). Importance falls from m1 to m5, so {@code list}
     * returns them in id order.
     */
    static final Map<String, Metadata> FIXED = fixed();

    private static Map<String, Metadata> fixed() {
        Map<String, Metadata> m = new LinkedHashMap<>();
        m.put("m1", Metadata.of("s", "apple", "u", U1, "i", 1, "l", 10L, "f", 1.5f, "d", 0.5, "b", true));
        m.put("m2", Metadata.of("s", "banana", "u", U2, "i", 2, "l", 20L, "f", 2.5f, "d", 1.5, "b", false));
        m.put("m3", Metadata.of("s", "cherry", "u", U3, "i", 3, "l", 30L, "f", 3.5f, "d", 2.5, "b", true));
        m.put("m4", Metadata.of("other", "s"));
        m.put("m5", Metadata.of("s", 7, "u", U2.toString(), "i", "2", "l", true, "f", "2.5", "d", false, "b", "true"));
        return m;
    }

    /** Run through {@link ProviderTck}, which extends every suite once; a provider extends that class. */
    FilterTck() {
    }

    @BeforeEach
    final void requireLongTerm() {
        assumeCapability(Capability.LONG_TERM);
    }

    /**
     * A filter and the ids it selects.
     *
     * @param filter the filter
     * @param expected the ids of the memories it selects
     */
    record Case(Filter filter, Set<String> expected) {
        @Override
        public String toString() {
            return filter.toString();
        }
    }

    static Case c(Filter filter, String... expected) {
        return new Case(filter, new TreeSet<>(List.of(expected)));
    }

    private static final String[] ALL_FIXED = {"m1", "m2", "m3", "m4", "m5"};

    /** Every operator on one value type of the fixed data set, with the ids it selects. */
    static Stream<Arguments> operatorTable() {
        return Stream.of(
                Arguments.of("String", List.of(
                        c(eq("s", "banana"), "m2"), c(ne("s", "banana"), "m1", "m3", "m4", "m5"),
                        c(gt("s", "banana"), "m3"), c(gte("s", "banana"), "m2", "m3"),
                        c(lt("s", "banana"), "m1"), c(lte("s", "banana"), "m1", "m2"),
                        c(in("s", "apple", "cherry", "zzz"), "m1", "m3"),
                        c(notIn("s", List.of("apple", "cherry", "zzz")), "m2", "m4", "m5"),
                        c(containsString("s", "an"), "m2"), c(containsString("s", "e"), "m1", "m3"),
                        c(containsString("s", "AN")), c(exists("s"), "m1", "m2", "m3", "m5"), c(missing("s"), "m4"),
                        c(eq("s", "7")), c(in("s", "banana", 7), "m2", "m5"))),
                Arguments.of("UUID", List.of(
                        c(eq("u", U2), "m2", "m5"), c(ne("u", U2), "m1", "m3", "m4"),
                        c(gt("u", U2), "m3"), c(gte("u", U2), "m2", "m3", "m5"),
                        c(lt("u", U2), "m1"), c(lte("u", U2), "m1", "m2", "m5"),
                        c(gt("u", U1), "m2", "m3", "m5"), c(lt("u", U3), "m1", "m2", "m5"),
                        c(in("u", U1, U3), "m1", "m3"), c(notIn("u", List.of(U1, U3)), "m2", "m4", "m5"),
                        c(containsString("u", "a0000000"), "m3"), c(containsString("u", "-8000-"), "m1", "m2", "m3", "m5"),
                        c(containsString("u", "A0000000")), c(exists("u"), "m1", "m2", "m3", "m5"), c(missing("u"), "m4"),
                        c(eq("u", U1.toString()), "m1"), c(eq("u", U3.toString().toUpperCase(java.util.Locale.ROOT))))),
                Arguments.of("Integer", List.of(
                        c(eq("i", 2), "m2"), c(ne("i", 2), "m1", "m3", "m4", "m5"),
                        c(gt("i", 2), "m3"), c(gte("i", 2), "m2", "m3"), c(lt("i", 2), "m1"), c(lte("i", 2), "m1", "m2"),
                        c(in("i", 1, 3), "m1", "m3"), c(notIn("i", List.of(1, 3)), "m2", "m4", "m5"),
                        c(containsString("i", "2"), "m5"), c(exists("i"), "m1", "m2", "m3", "m5"), c(missing("i"), "m4"),
                        c(eq("i", "2"), "m5"), c(gt("i", "1"), "m5"), c(lt("i", 10), "m1", "m2", "m3"))),
                Arguments.of("Long", List.of(
                        c(eq("l", 20L), "m2"), c(ne("l", 20L), "m1", "m3", "m4", "m5"),
                        c(gt("l", 20L), "m3"), c(gte("l", 20L), "m2", "m3"), c(lt("l", 20L), "m1"),
                        c(lte("l", 20L), "m1", "m2"),
                        c(in("l", 10L, 30L), "m1", "m3"), c(notIn("l", List.of(10L, 30L)), "m2", "m4", "m5"),
                        c(containsString("l", "2")), c(exists("l"), "m1", "m2", "m3", "m5"), c(missing("l"), "m4"),
                        c(eq("l", true), "m5"), c(gt("l", 0L), "m1", "m2", "m3"))),
                Arguments.of("Float", List.of(
                        c(eq("f", 2.5f), "m2"), c(ne("f", 2.5f), "m1", "m3", "m4", "m5"),
                        c(gt("f", 2.5f), "m3"), c(gte("f", 2.5f), "m2", "m3"), c(lt("f", 2.5f), "m1"),
                        c(lte("f", 2.5f), "m1", "m2"),
                        c(in("f", 1.5f, 3.5f), "m1", "m3"), c(notIn("f", List.of(1.5f, 3.5f)), "m2", "m4", "m5"),
                        c(containsString("f", "2.5"), "m5"), c(exists("f"), "m1", "m2", "m3", "m5"), c(missing("f"), "m4"),
                        c(eq("f", "2.5"), "m5"), c(gte("f", "0"), "m5"))),
                Arguments.of("Double", List.of(
                        c(eq("d", 1.5), "m2"), c(ne("d", 1.5), "m1", "m3", "m4", "m5"),
                        c(gt("d", 1.5), "m3"), c(gte("d", 1.5), "m2", "m3"), c(lt("d", 1.5), "m1"),
                        c(lte("d", 1.5), "m1", "m2"),
                        c(in("d", 0.5, 2.5), "m1", "m3"), c(notIn("d", List.of(0.5, 2.5)), "m2", "m4", "m5"),
                        c(containsString("d", "1.5")), c(exists("d"), "m1", "m2", "m3", "m5"), c(missing("d"), "m4"),
                        c(eq("d", false), "m5"), c(lt("d", 0)))),
                Arguments.of("Boolean", List.of(
                        c(eq("b", true), "m1", "m3"), c(eq("b", false), "m2"), c(ne("b", true), "m2", "m4", "m5"),
                        c(ne("b", false), "m1", "m3", "m4", "m5"),
                        c(in("b", false), "m2"), c(in("b", true, false), "m1", "m2", "m3"),
                        c(notIn("b", List.of(false)), "m1", "m3", "m4", "m5"),
                        c(containsString("b", "true"), "m5"), c(exists("b"), "m1", "m2", "m3", "m5"), c(missing("b"), "m4"),
                        c(eq("b", "true"), "m5"), c(eq("b", 1)))),
                Arguments.of("a key no memory has", List.of(
                        c(eq("none", "x")), c(gt("none", 0)), c(gte("none", "")), c(lt("none", 1L)),
                        c(lte("none", 1.0)), c(in("none", "x", 1, true)), c(containsString("none", "")),
                        c(exists("none")), c(eq("none", false)),
                        c(ne("none", "x"), ALL_FIXED), c(notIn("none", List.of("x", 1)), ALL_FIXED),
                        c(missing("none"), ALL_FIXED), c(not(gt("none", 0)), ALL_FIXED))),
                Arguments.of("the key of one memory, named as another's value", List.of(
                        c(exists("other"), "m4"), c(eq("other", "s"), "m4"), c(missing("other"), "m1", "m2", "m3", "m5"))));
    }

    /**
     * Every operator on every value type selects exactly the ids written out for the fixed data set, through
     * {@code count}, {@code list} and {@code search}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.agentmemory.tck.FilterTck#operatorTable")
    final void everyOperatorSelectsExactlyTheExpectedMemories(String type, List<Case> cases) {
        assertEveryCase(type, FIXED, cases);
    }

    /** Numbers compare by exact value across Integer, Long, Float and Double, at the limits of each type. */
    @Test
    final void numbersCompareByExactValueAcrossTypesAndAtTheirLimits() {
        Map<String, Metadata> data = new LinkedHashMap<>();
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("long-min", Long.MIN_VALUE);
        numbers.put("long-max", Long.MAX_VALUE);
        numbers.put("double-max", Double.MAX_VALUE);
        numbers.put("double-lowest", -Double.MAX_VALUE);
        numbers.put("double-min", Double.MIN_VALUE);
        numbers.put("neg-zero", -0.0);
        numbers.put("zero", 0.0);
        numbers.put("int-zero", 0);
        numbers.put("float-max", Float.MAX_VALUE);
        numbers.put("long-2p53p1", 9007199254740993L);
        numbers.put("double-2p53", 9007199254740992.0);
        numbers.put("float-tenth", 0.1f);
        numbers.put("double-tenth", 0.1);
        numbers.put("int-three", 3);
        numbers.put("long-three", 3L);
        numbers.put("double-three", 3.0);
        numbers.put("float-three", 3.0f);
        numbers.put("int-max", Integer.MAX_VALUE);
        numbers.put("int-min", Integer.MIN_VALUE);
        numbers.forEach((id, n) -> data.put(id, Metadata.of("n", n)));
        String[] three = {"int-three", "long-three", "double-three", "float-three"};
        String[] zero = {"neg-zero", "zero", "int-zero"};
        List<Case> cases = List.of(
                c(eq("n", 3), three), c(eq("n", 3L), three), c(eq("n", 3.0), three), c(eq("n", 3.0f), three),
                c(in("n", 3L), three), c(and(gte("n", 3), lte("n", 3.0f)), three),
                c(eq("n", 0), zero), c(eq("n", -0.0), zero), c(eq("n", -0.0f), zero), c(eq("n", 0L), zero),
                c(lte("n", -0.0), "long-min", "double-lowest", "int-min", "neg-zero", "zero", "int-zero"),
                c(lt("n", 0.0), "long-min", "double-lowest", "int-min"),
                c(gt("n", 9007199254740992.0), "long-max", "double-max", "float-max", "long-2p53p1"),
                c(eq("n", 9007199254740993L), "long-2p53p1"), c(eq("n", 9007199254740992L), "double-2p53"),
                c(eq("n", 9007199254740992.0), "double-2p53"),
                c(eq("n", 0.1f), "float-tenth"), c(eq("n", 0.1), "double-tenth"),
                c(eq("n", (double) 0.1f), "float-tenth"), c(and(gt("n", 0.1), lt("n", 0.2)), "float-tenth"),
                c(and(gt("n", 0), lt("n", 0.1f)), "double-min", "double-tenth"),
                c(eq("n", Long.MAX_VALUE), "long-max"), c(gt("n", Long.MAX_VALUE), "double-max", "float-max"),
                c(eq("n", 9.223372036854775807E18)), c(gte("n", 9.223372036854775807E18), "double-max", "float-max"),
                c(and(gt("n", 1e18), lt("n", 9.223372036854775807E18)), "long-max"),
                c(eq("n", Long.MIN_VALUE), "long-min"), c(eq("n", -9.223372036854775808E18), "long-min"),
                c(lt("n", Long.MIN_VALUE), "double-lowest"),
                c(eq("n", Double.MAX_VALUE), "double-max"), c(gte("n", Double.MAX_VALUE), "double-max"),
                c(gt("n", Float.MAX_VALUE), "double-max"), c(eq("n", Float.MAX_VALUE), "float-max"),
                c(eq("n", (double) Float.MAX_VALUE), "float-max"),
                c(lt("n", -Double.MAX_VALUE)), c(lte("n", -Double.MAX_VALUE), "double-lowest"),
                c(eq("n", Double.MIN_VALUE), "double-min"), c(and(gt("n", 0), lt("n", 1e-300)), "double-min"),
                c(eq("n", Integer.MAX_VALUE), "int-max"), c(eq("n", 2147483647L), "int-max"),
                c(lt("n", Integer.MIN_VALUE), "long-min", "double-lowest"),
                c(in("n", 0.1, Long.MAX_VALUE, -0.0f), "double-tenth", "long-max", "neg-zero", "zero", "int-zero"));
        assertEveryCase("numbers", data, cases);
    }

    /** Strings order by code point, not by UTF-16 unit nor by a locale's collation. */
    @Test
    final void stringsCompareByCodePoint() {
        Map<String, Metadata> data = new LinkedHashMap<>();
        data.put("cp-empty", Metadata.of("t", ""));
        data.put("cp-a", Metadata.of("t", "a"));
        data.put("cp-ab", Metadata.of("t", "ab"));
        data.put("cp-e000", Metadata.of("t", "\uE000"));
        data.put("cp-fffd", Metadata.of("t", "\uFFFD"));
        data.put("cp-emoji", Metadata.of("t", "\uD83D\uDE00"));
        List<Case> cases = List.of(
                c(gt("t", "\uFFFD"), "cp-emoji"),
                c(lt("t", "\uFFFD"), "cp-empty", "cp-a", "cp-ab", "cp-e000"),
                c(gt("t", "\uE000"), "cp-fffd", "cp-emoji"),
                c(lt("t", "\uD83D\uDE00"), "cp-empty", "cp-a", "cp-ab", "cp-e000", "cp-fffd"),
                c(gte("t", "\uD83D\uDE00"), "cp-emoji"),
                c(gt("t", "a"), "cp-ab", "cp-e000", "cp-fffd", "cp-emoji"),
                c(lt("t", "B"), "cp-empty"),
                c(eq("t", ""), "cp-empty"),
                c(containsString("t", "\uD83D\uDE00"), "cp-emoji"),
                c(containsString("t", ""), "cp-empty", "cp-a", "cp-ab", "cp-e000", "cp-fffd", "cp-emoji"));
        assertEveryCase("strings", data, cases);
    }

    /** and, or and not nest as written: {@code a.or(b).and(c)} is not {@code a.or(b.and(c))}. */
    @Test
    final void nestedAndOrNotFollowTheTreeAsWritten() {
        Map<String, Metadata> data = new LinkedHashMap<>();
        for (int bits = 0; bits < 8; bits++) {
            data.put("t" + ((bits >> 2) & 1) + ((bits >> 1) & 1) + (bits & 1),
                    Metadata.of("a", (bits & 4) != 0, "b", (bits & 2) != 0, "c", (bits & 1) != 0));
        }
        data.put("none", Metadata.empty());
        Filter a = eq("a", true);
        Filter b = eq("b", true);
        Filter c = eq("c", true);
        List<Case> cases = List.of(
                c(a.or(b).and(c), "t011", "t101", "t111"),
                c(a.or(b.and(c)), "t011", "t100", "t101", "t110", "t111"),
                c(or(a, b).and(c), "t011", "t101", "t111"),
                c(a.and(b).or(c), "t001", "t011", "t101", "t110", "t111"),
                c(a.and(b.or(c)), "t101", "t110", "t111"),
                c(not(a.or(b)), "t000", "t001", "none"),
                c(not(a).and(not(b)), "t000", "t001", "none"),
                c(not(a.and(b)).and(c), "t001", "t011", "t101"),
                c(and(a, or(b, not(c))), "t100", "t110", "t111"),
                c(ne("a", true).or(ne("b", true)).and(exists("c")), "t000", "t001", "t010", "t011", "t100", "t101"),
                c(not(not(a).or(not(b))), "t110", "t111"),
                c(or(a, b, c).and(not(and(a, b, c))), "t001", "t010", "t011", "t100", "t101", "t110"),
                c(and(Filter.all(), a), "t100", "t101", "t110", "t111"),
                c(Filter.all(), "t000", "t001", "t010", "t011", "t100", "t101", "t110", "t111", "none"));
        assertEveryCase("nesting", data, cases);
    }

    /** Every metadata type comes back as the same type and value through store, get, list and search. */
    @Test
    final void everyMetadataTypeReadsBackAsTheSameTypeAndValue() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("string", "\u00fcn\u00efc\u00f6d\u00e9 \uD83D\uDE00 'quoted' \"double\" \\");
        values.put("string-empty", "");
        values.put("string-number", "3");
        values.put("string-uuid", U3.toString());
        values.put("uuid", U3);
        values.put("int-max", Integer.MAX_VALUE);
        values.put("int-min", Integer.MIN_VALUE);
        values.put("int-small", 3);
        values.put("long-max", Long.MAX_VALUE);
        values.put("long-min", Long.MIN_VALUE);
        values.put("long-small", 3L);
        values.put("long-2p53p1", 9007199254740993L);
        values.put("float-max", Float.MAX_VALUE);
        values.put("float-min", Float.MIN_VALUE);
        values.put("float-neg-zero", -0.0f);
        values.put("float-tenth", 0.1f);
        values.put("float-int", 3.0f);
        values.put("double-max", Double.MAX_VALUE);
        values.put("double-min", Double.MIN_VALUE);
        values.put("double-neg-zero", -0.0);
        values.put("double-tenth", 0.1);
        values.put("double-int", 3.0);
        values.put("double-2p53", 9007199254740992.0);
        values.put("true", true);
        values.put("false", false);
        Metadata metadata = Metadata.of(values);
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();

        Memory stored = store.store(scope, NewMemory.builder("typed").id("m-typed").embedding(LongTermMemoryTck.axis(0))
                .metadata(metadata).build());

        Map<String, Metadata> read = new LinkedHashMap<>();
        read.put("store", stored.metadata());
        read.put("get", store.get(scope, "m-typed").orElseThrow().metadata());
        read.put("list", store.list(scope, 10).get(0).metadata());
        read.put("list by filter", store.list(scope, eq("double-neg-zero", 0), 10).get(0).metadata());
        read.put("search", store.search(scope, MemoryQuery.vector(LongTermMemoryTck.axis(0)).minSimilarity(-1)
                .filter(eq("uuid", U3)).build()).get(0).memory().metadata());
        for (Map.Entry<String, Metadata> e : read.entrySet()) {
            for (Map.Entry<String, Object> v : values.entrySet()) {
                Object got = e.getValue().get(v.getKey());
                assertEquals(v.getValue().getClass(), got == null ? null : got.getClass(),
                        e.getKey() + ": the type of " + v.getKey());
                assertEquals(v.getValue(), got, e.getKey() + ": the value of " + v.getKey() + " (-0.0 is not 0.0)");
            }
            assertEquals(metadata, e.getValue(), e.getKey());
        }
    }

    /**
     * Metadata at every limit (the most pairs, the longest keys and values, characters outside the BMP) read back
     * exactly and are found by a filter on the longest key and value.
     */
    @Test
    final void metadataAtEveryLimitReadBackAndAreFound() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < MemoryDefaults.MAX_METADATA_ENTRIES; i++) {
            String prefix = String.format("%02d\uD83D\uDE00", i);
            String key = prefix + "k".repeat(MemoryDefaults.MAX_METADATA_KEY_LENGTH - prefix.length());
            values.put(key, i % 2 == 0 ? "\uD83D\uDE00".repeat(MemoryDefaults.MAX_METADATA_VALUE_LENGTH / 2 - 1) + i
                    : (Object) (long) i);
        }
        Metadata metadata = Metadata.of(values);
        String longestKey = values.keySet().iterator().next();
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        store.store(scope, NewMemory.builder("at the limits").id("m-limits").embedding(LongTermMemoryTck.axis(0))
                .metadata(metadata).build());
        store.store(scope, NewMemory.builder("other").id("m-other").embedding(LongTermMemoryTck.axis(0)).build());

        assertEquals(metadata, store.get(scope, "m-limits").orElseThrow().metadata());
        Map<String, Metadata> data = new LinkedHashMap<>();
        data.put("m-limits", metadata);
        data.put("m-other", Metadata.empty());
        String secondKey = values.keySet().stream().skip(1).findFirst().orElseThrow();
        assertSelects(store, scope, data, c(eq(longestKey, values.get(longestKey)), "m-limits"), "the longest key and value");
        assertSelects(store, scope, data, c(and(exists(longestKey), gte(secondKey, 1L)), "m-limits"), "two keys at their limit");
        assertSelects(store, scope, data, c(missing(secondKey), "m-other"), "a key at its limit, missing");
    }

    /**
     * deleteAll by a filter also deletes the matching memories that have expired but are still stored, and counts
     * them in what it returns; count leaves them out.
     */
    @Test
    final void deleteAllAlsoRemovesExpiredMatchingMemoriesAndCountsThem() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        store.store(scope, NewMemory.builder("live").id("m-live").metadata(Metadata.of("k", 1)).build());
        store.store(scope, NewMemory.builder("expired").id("m-expired").metadata(Metadata.of("k", 1))
                .expiresAt(java.time.Instant.now().minusSeconds(3600)).build());
        store.store(scope, NewMemory.builder("other").id("m-other").metadata(Metadata.of("k", 2))
                .expiresAt(java.time.Instant.now().minusSeconds(3600)).build());

        assertEquals(1, store.count(scope, eq("k", 1)), "count leaves the expired memory out");
        assertEquals(2, store.deleteAll(scope, eq("k", 1L)), "deleteAll removes and counts it");
        assertEquals(1, store.deleteAll(scope, Filter.all()), "the expired memory that did not match was left");
        assertEquals(0, store.deleteAll(scope, Filter.all()));
    }

    /**
     * Every hostile id of the TCK's corpus, as a metadata key and as a string operand, selects exactly what
     * {@link Filter#test(Metadata)} selects, and a delete by it removes only that: a key or value cannot change the
     * statement. An id that breaks the metadata rules is rejected by the filter as by the metadata.
     */
    @Test
    final void hostileKeysAndValuesSelectExactlyWhatTheReferenceSelects() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        Scope bystander = newScope();
        Map<String, Metadata> data = new LinkedHashMap<>();
        data.put("base-1", Metadata.of("k", "v"));
        data.put("base-2", Metadata.of("k", 1));
        data.put("base-3", Metadata.empty());
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (HostileId h : HostileIds.load()) {
            String id = h.value();
            if (accepted(() -> Metadata.of(id, "v"))) {
                keys.add(id);
                data.put("key-" + h.line(), Metadata.of(id, "v", "line", h.line()));
            } else {
                assertThrows(InvalidMemoryRequestException.class, () -> eq(id, "v"), "a key the metadata reject: " + h);
            }
            if (accepted(() -> Metadata.of("k", id))) {
                values.add(id);
                data.put("value-" + h.line(), Metadata.of("k", id, "line", h.line()));
            } else {
                assertThrows(InvalidMemoryRequestException.class, () -> eq("k", id), "a value the metadata reject: " + h);
            }
        }
        assertTrue(data.size() <= MemoryDefaults.SEARCH_MAX_LIMIT, "the corpus fits one list: " + data.size());
        store(store, scope, data);
        store(store, bystander, data);
        for (String key : keys) {
            for (Filter f : List.of(eq(key, "v"), exists(key), ne(key, "v"), missing(key), in(key, "v", key))) {
                assertSelects(store, scope, data, reference(f, data), "hostile key " + HostileIds.printable(key));
            }
        }
        for (String value : values) {
            for (Filter f : List.of(eq("k", value), ne("k", value), gt("k", value), lte("k", value),
                    containsString("k", value), in("k", value, "v"), notIn("k", List.of(value, 1)))) {
                assertSelects(store, scope, data, reference(f, data), "hostile value " + HostileIds.printable(value));
            }
        }
        Map<String, Metadata> left = new LinkedHashMap<>(data);
        for (String value : values) {
            Filter f = eq("k", value);
            Set<String> expected = reference(f, left).expected();
            assertEquals(expected.size(), store.deleteAll(scope, f), "deleteAll " + f);
            left.keySet().removeAll(expected);
            assertEquals(left.keySet(), new TreeSet<>(ids(store.list(scope, Filter.all(), 100))), "left after " + f);
        }
        assertEquals(left, metadataById(store.list(scope, Filter.all(), 100)), "the rest is unchanged");
        assertEquals(data, metadataById(store.list(bystander, Filter.all(), 100)), "another scope is unchanged");
    }

    /** The same metadata in another tenant or agent is never counted, listed, searched or deleted. */
    @Test
    final void aFilterNeverReachesAnotherTenantOrAgent() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        Scope otherAgent = new Scope(scope.tenant(), Ids.unique("agent"));
        Scope otherTenant = new Scope(Ids.unique("tenant"), scope.agent());
        track(otherAgent);
        track(otherTenant);
        for (Scope s : List.of(otherAgent, otherTenant)) {
            storeFixed(store, s);
        }
        List<Case> cases = List.of(c(eq("s", "banana"), "m2"), c(ne("s", "banana"), "m1", "m3", "m4", "m5"),
                c(missing("u"), "m4"), c(Filter.all(), ALL_FIXED), c(gt("i", 1).or(eq("b", "true")), "m2", "m3", "m5"));
        for (Case c : cases) {
            storeFixed(store, scope);
            assertSelects(store, scope, FIXED, c, "isolation");
            assertEquals(c.expected().size(), store.deleteAll(scope, c.filter()), "deleteAll " + c);
            assertEquals(0, store.count(scope, c.filter()), "after deleteAll " + c);
            store.deleteAll(scope, Filter.all());
            for (Scope s : List.of(otherAgent, otherTenant)) {
                assertEquals(FIXED, metadataById(store.list(s, Filter.all(), 100)), "another scope after " + c);
                assertEquals(c.expected().size(), store.count(s, c.filter()), "another scope counts its own: " + c);
            }
        }
    }

    /**
     * deleteAll by a filter deletes exactly what count by the same filter counted and nothing else; list and search
     * return exactly those ids.
     */
    @Test
    final void countListSearchAndDeleteAllAgree() {
        LongTermMemory store = openLongTerm().store();
        List<Case> cases = List.of(c(eq("i", 2), "m2"), c(ne("l", 20L), "m1", "m3", "m4", "m5"), c(missing("s"), "m4"),
                c(in("u", U1, U2), "m1", "m2", "m5"), c(containsString("s", "an"), "m2"),
                c(not(exists("b")).or(eq("d", 2.5)), "m3", "m4"), c(Filter.all(), ALL_FIXED), c(eq("none", 1)));
        for (Case c : cases) {
            Scope scope = newScope();
            storeFixed(store, scope);
            assertSelects(store, scope, FIXED, c, "agreement");
            long counted = store.count(scope, c.filter());

            assertEquals(counted, store.deleteAll(scope, c.filter()), "deleteAll deletes what count counted: " + c);

            Set<String> rest = new TreeSet<>(FIXED.keySet());
            rest.removeAll(c.expected());
            assertEquals(rest, new TreeSet<>(ids(store.list(scope, Filter.all(), 100))), "what is left after " + c);
            assertEquals(rest.size(), store.count(scope, Filter.all()), "count after " + c);
            assertEquals(0, store.deleteAll(scope, c.filter()), "a second deleteAll finds nothing: " + c);
        }
    }

    /**
     * A filtered search ranks only the matching memories: with at least k of them and no similarity floor it returns
     * k, all matching, in the order an exact ranking of the matching ones gives, even when every other memory is
     * closer to the query.
     */
    @Test
    final void aFilteredSearchReturnsTheBestKAmongTheMatchingMemories() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        int n = 300;
        List<NewMemory> batch = new ArrayList<>();
        List<String> rare = new ArrayList<>();
        List<String> even = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Similarity with axis 0 falls with i; the rare memories are among the farthest.
            double cos = 0.9 - i * 0.005;
            float[] v = new float[LongTermMemoryTck.DIMENSION];
            v[0] = (float) cos;
            v[1 + i % (LongTermMemoryTck.DIMENSION - 1)] = (float) Math.sqrt(1 - cos * cos);
            boolean isRare = i % 37 == 36 || i >= n - 5;
            String id = "r-" + i;
            if (isRare) {
                rare.add(id);
            }
            if (i % 2 == 0) {
                even.add(id);
            }
            batch.add(NewMemory.builder("memory " + i).id(id).embedding(v)
                    .metadata(Metadata.of("rare", isRare, "parity", i % 2)).build());
        }
        store.storeAll(scope, batch);

        for (int k : List.of(1, 5, 10)) {
            List<ScoredMemory> hits = store.search(scope, MemoryQuery.vector(LongTermMemoryTck.axis(0)).limit(k)
                    .minSimilarity(-1).filter(eq("rare", true)).build());
            assertEquals(rare.subList(0, k), scoredIds(hits), "the best " + k + " of " + rare.size() + " rare memories");
            assertTrue(hits.stream().allMatch(h -> Boolean.TRUE.equals(h.memory().metadata().get("rare"))));
        }
        assertEquals(even.subList(0, 20), scoredIds(store.search(scope, MemoryQuery.vector(LongTermMemoryTck.axis(0))
                .limit(20).minSimilarity(-1).filter(eq("parity", 0L)).build())), "half of them");
        assertEquals(rare, scoredIds(store.search(scope, MemoryQuery.vector(LongTermMemoryTck.axis(0)).limit(100)
                .minSimilarity(-1).filter(ne("rare", false)).build())), "every match when they are fewer than k");
    }

    /**
     * Bad filters (null, an ordering of a boolean, an empty in, a non-finite or unsupported operand, a bad key, too
     * deep, too many nodes or values) are rejected with {@link InvalidMemoryRequestException} before any I/O, and
     * change nothing; a filter at each limit is accepted.
     */
    @Test
    final void badFiltersAreRejectedBeforeIo() {
        TckBase.Opened<LongTermMemory> opened = openLongTerm();
        LongTermMemory store = opened.store();
        Scope scope = newScope();
        storeFixed(store, scope);
        List<Memory> before = store.list(scope, 10);
        Filter nothing = nullFilter();

        assertRejected(opened, "count with a null filter", () -> store.count(scope, nothing));
        assertRejected(opened, "list with a null filter", () -> store.list(scope, nothing, 10));
        assertRejected(opened, "deleteAll with a null filter", () -> store.deleteAll(scope, nothing));
        assertRejected(opened, "search with a null filter", () -> store.search(scope,
                MemoryQuery.text("q").filter(nothing).build()));
        assertRejected(opened, "list by filter limit 0", () -> store.list(scope, Filter.all(), 0));
        for (Op op : Op.values()) {
            assertRejected(opened, op + " true", () -> store.count(scope, op.make("b", true)));
            assertRejected(opened, op + " false", () -> store.deleteAll(scope, op.make("b", false)));
        }
        assertRejected(opened, "empty in", () -> store.count(scope, in("s", List.of())));
        assertRejected(opened, "empty notIn", () -> store.deleteAll(scope, notIn("s", List.of())));
        List<Integer> tooMany = new ArrayList<>();
        for (int i = 0; i <= MemoryDefaults.MAX_FILTER_IN_VALUES; i++) {
            tooMany.add(i);
        }
        assertRejected(opened, "in with too many values", () -> store.count(scope, in("i", tooMany)));
        assertEquals(3, store.count(scope, in("i", tooMany.subList(0, MemoryDefaults.MAX_FILTER_IN_VALUES))),
                "in at its limit");
        for (Object bad : List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, new BigDecimal("1"),
                (short) 1, 'c', new Object())) {
            assertRejected(opened, "operand " + bad.getClass().getSimpleName() + " " + bad,
                    () -> store.deleteAll(scope, eq("i", bad)));
        }
        for (String key : List.of("", "k".repeat(MemoryDefaults.MAX_METADATA_KEY_LENGTH + 1), "a\uD800b", "a\0b")) {
            assertRejected(opened, "key " + HostileIds.printable(key), () -> store.deleteAll(scope, exists(key)));
        }
        assertRejected(opened, "a value over the maximum length",
                () -> store.deleteAll(scope, eq("s", "x".repeat(MemoryDefaults.MAX_METADATA_VALUE_LENGTH + 1))));
        assertRejected(opened, "a NUL in a value", () -> store.deleteAll(scope, containsString("s", "a\0")));
        Filter deepest = eq("i", 0);
        for (int depth = 2; depth <= MemoryDefaults.MAX_FILTER_DEPTH; depth++) {
            deepest = deepest.or(eq("i", depth));
        }
        Filter deep = deepest;
        assertEquals(2, store.count(scope, deep), "a filter at the deepest nesting");
        assertRejected(opened, "one level deeper", () -> store.deleteAll(scope, deep.and(exists("i"))));
        List<Filter> widest = new ArrayList<>();
        for (int i = 0; i < MemoryDefaults.MAX_FILTER_NODES - 1; i++) {
            widest.add(lt("i", 1000 + i));
        }
        assertEquals(3, store.count(scope, and(widest)), "a filter with the most nodes");
        widest.add(exists("i"));
        assertRejected(opened, "one node more", () -> store.deleteAll(scope, and(widest)));

        assertEquals(before, store.list(scope, 10), "memories stored before must not change");
    }

    /** The orderings, which a boolean operand cannot take. */
    private enum Op {
        GT, GTE, LT, LTE;

        Filter make(String key, Object value) {
            return switch (this) {
                case GT -> gt(key, value);
                case GTE -> gte(key, value);
                case LT -> lt(key, value);
                case LTE -> lte(key, value);
            };
        }
    }

    // ---- random part

    /**
     * A few hundred memories with random typed metadata and a few hundred random filters over them: count, list and
     * search of each agree with {@link Filter#test(Metadata)}. The seed is printed in every failure.
     */
    @Test
    final void randomFiltersAgreeWithTheReference() {
        long seed = Long.getLong(SEED_PROPERTY, System.nanoTime());
        Random random = new Random(seed);
        String replay = "seed " + seed + " (rerun with -D" + SEED_PROPERTY + "=" + seed + ")";
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        Map<String, Metadata> data = new LinkedHashMap<>();
        Map<String, Double> importance = new LinkedHashMap<>();
        List<NewMemory> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (String key : RANDOM_KEYS) {
                if (random.nextInt(10) < 7) {
                    values.put(key, randomValue(random, true));
                }
            }
            String id = "q-" + i;
            Metadata metadata = Metadata.of(values);
            data.put(id, metadata);
            importance.put(id, (i + 1) / 1000.0);
            batch.add(NewMemory.builder("memory " + i).id(id).importance((i + 1) / 1000.0).metadata(metadata).build());
        }
        store.storeAll(scope, batch);
        Comparator<String> listOrder = Comparator.comparing(importance::get, Comparator.reverseOrder());
        for (int n = 0; n < 200; n++) {
            Filter f = randomFilter(random, 3);
            List<String> expected = data.entrySet().stream().filter(e -> f.test(e.getValue())).map(Map.Entry::getKey)
                    .sorted(listOrder).toList();
            Supplier<String> what = () -> replay + ", filter " + f;
            assertEquals(expected.size(), store.count(scope, f), what);
            assertEquals(expected.subList(0, Math.min(100, expected.size())), ids(store.list(scope, f, 100)), what);
            List<String> found = scoredIds(store.search(scope, MemoryQuery.text("memory").limit(100).minSimilarity(-1)
                    .filter(f).build()));
            assertEquals(Math.min(100, expected.size()), found.size(), what);
            assertTrue(expected.containsAll(found), what);
        }
    }

    private static final List<String> RANDOM_KEYS = List.of("r0", "r1", "r2", "r3");

    private static final List<Object> RANDOM_VALUES = List.of("", "a", "ab", "b", "B", "\uFFFD", "\uD83D\uDE00", "3",
            "true", U2.toString(), U1, U2, -1, 0, 2, 3, 0L, 3L, 9007199254740993L, Long.MIN_VALUE, 0.1f, 3.0f, -0.0f,
            0.1, 3.0, 9007199254740992.0, -0.0, 2.5, true, false);

    private static final List<String> RANDOM_PARTS = List.of("", "a", "b", "-", "\uD83D\uDE00", "20000000");

    private static Object randomValue(Random random, boolean booleans) {
        while (true) {
            Object v = RANDOM_VALUES.get(random.nextInt(RANDOM_VALUES.size()));
            if (booleans || !(v instanceof Boolean)) {
                return v;
            }
        }
    }

    private static Filter randomFilter(Random random, int depth) {
        if (depth == 0 || random.nextInt(3) == 0) {
            String key = RANDOM_KEYS.get(random.nextInt(RANDOM_KEYS.size()));
            return switch (random.nextInt(11)) {
                case 0 -> eq(key, randomValue(random, true));
                case 1 -> ne(key, randomValue(random, true));
                case 2 -> gt(key, randomValue(random, false));
                case 3 -> gte(key, randomValue(random, false));
                case 4 -> lt(key, randomValue(random, false));
                case 5 -> lte(key, randomValue(random, false));
                case 6 -> in(key, randomValue(random, true), randomValue(random, true), randomValue(random, true));
                case 7 -> notIn(key, List.of(randomValue(random, true), randomValue(random, true)));
                case 8 -> containsString(key, RANDOM_PARTS.get(random.nextInt(RANDOM_PARTS.size())));
                case 9 -> exists(key);
                default -> missing(key);
            };
        }
        return switch (random.nextInt(3)) {
            case 0 -> randomFilter(random, depth - 1).and(randomFilter(random, depth - 1));
            case 1 -> or(randomFilter(random, depth - 1), randomFilter(random, depth - 1), randomFilter(random, depth - 1));
            default -> not(randomFilter(random, depth - 1));
        };
    }

    // ---- shared

    private static void storeFixed(LongTermMemory store, Scope scope) {
        store(store, scope, FIXED);
    }

    /** Stores one memory per id, importance falling in the map's order, all with the same vector. */
    private static void store(LongTermMemory store, Scope scope, Map<String, Metadata> data) {
        List<NewMemory> batch = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Metadata> e : data.entrySet()) {
            batch.add(NewMemory.builder("memory " + e.getKey()).id(e.getKey()).embedding(LongTermMemoryTck.axis(0))
                    .importance(1.0 - (++i) / 1000.0).metadata(e.getValue()).build());
        }
        store.storeAll(scope, batch);
    }

    /** Stores the data set in a new scope of a new store and checks every case against it. */
    private void assertEveryCase(String where, Map<String, Metadata> data, List<Case> cases) {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        store(store, scope, data);
        for (Case c : cases) {
            assertSelects(store, scope, data, c, where);
        }
    }

    /** The case of a filter, with the ids that the reference selects. */
    private static Case reference(Filter f, Map<String, Metadata> data) {
        Set<String> expected = new TreeSet<>();
        data.forEach((id, m) -> {
            if (f.test(m)) {
                expected.add(id);
            }
        });
        return new Case(f, expected);
    }

    /**
     * Asserts that the reference and the store select exactly the expected ids: count, list (in the data set's order,
     * which is the list order) and search (as a set).
     */
    private static void assertSelects(LongTermMemory store, Scope scope, Map<String, Metadata> data, Case c,
                                      String where) {
        String what = where + ": " + c;
        assertEquals(c.expected(), reference(c.filter(), data).expected(), what + " (Filter.test, the reference)");
        List<String> inListOrder = data.keySet().stream().filter(c.expected()::contains).toList();
        assertEquals(c.expected().size(), store.count(scope, c.filter()), what + " (count)");
        assertEquals(inListOrder, ids(store.list(scope, c.filter(), MemoryDefaults.SEARCH_MAX_LIMIT)), what + " (list)");
        if (!inListOrder.isEmpty()) {
            assertEquals(inListOrder.subList(0, 1), ids(store.list(scope, c.filter(), 1)), what + " (list limit 1)");
        }
        assertEquals(c.expected(), new TreeSet<>(scoredIds(store.search(scope, MemoryQuery.vector(LongTermMemoryTck.axis(0))
                .minSimilarity(-1).limit(MemoryDefaults.SEARCH_MAX_LIMIT).filter(c.filter()).build()))), what + " (search)");
    }

    private static boolean accepted(Supplier<Metadata> make) {
        try {
            make.get();
            return true;
        } catch (InvalidMemoryRequestException e) {
            return false;
        }
    }

    private static List<String> ids(List<Memory> memories) {
        return memories.stream().map(Memory::id).toList();
    }

    private static List<String> scoredIds(List<ScoredMemory> hits) {
        return hits.stream().map(h -> h.memory().id()).toList();
    }

    private static Map<String, Metadata> metadataById(List<Memory> memories) {
        Map<String, Metadata> byId = new java.util.TreeMap<>();
        memories.forEach(m -> byId.put(m.id(), m.metadata()));
        return byId;
    }

    /** A null where the API forbids one: the TCK checks that the store refuses it. */
    @SuppressWarnings("nullness")
    private static Filter nullFilter() {
        return NO_FILTER;
    }

    private static final @org.jspecify.annotations.Nullable Filter NO_FILTER = null;
}
