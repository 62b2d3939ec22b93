package dev.agentmemory;

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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Filter}: the reference semantics of {@link Filter#test(Metadata)} as its Javadoc writes them, the rules and
 * limits checked when a filter is made, structural equality and the printed text. The TCK's filter suite checks that
 * every store gives the same answers.
 */
class FilterTest {

    private static final UUID ID = UUID.fromString("a0000000-0000-4000-8000-00000000000a");

    private static void assertInvalid(String part, Executable make) {
        InvalidMemoryRequestException e = assertThrows(InvalidMemoryRequestException.class, make);
        assertTrue(e.getMessage().contains(part), () -> "the message should name '" + part + "': " + e.getMessage());
    }

    /** One row of the semantics table: a filter, the metadata of a memory, and whether the memory passes. */
    static Stream<Arguments> semantics() {
        Metadata none = Metadata.empty();
        return Stream.of(
                // numbers by exact value, across types
                row(eq("n", 3), Metadata.of("n", 3L), true),
                row(eq("n", 3), Metadata.of("n", 3.0), true),
                row(eq("n", 3L), Metadata.of("n", 3.0f), true),
                row(eq("n", 3.5), Metadata.of("n", 3), false),
                row(eq("n", -0.0), Metadata.of("n", 0.0), true),
                row(eq("n", 0), Metadata.of("n", -0.0f), true),
                row(gt("n", 9007199254740992.0), Metadata.of("n", 9007199254740993L), true),
                row(eq("n", 9007199254740992.0), Metadata.of("n", 9007199254740993L), false),
                row(eq("n", 0.1f), Metadata.of("n", 0.1), false),
                row(eq("n", (double) 0.1f), Metadata.of("n", 0.1f), true),
                row(gt("n", 0.1), Metadata.of("n", 0.1f), true),
                row(eq("n", Long.MAX_VALUE), Metadata.of("n", 9.223372036854775807E18), false),
                row(lt("n", 9.223372036854775807E18), Metadata.of("n", Long.MAX_VALUE), true),
                row(eq("n", Long.MIN_VALUE), Metadata.of("n", -9.223372036854775808E18), true),
                row(gt("n", Long.MAX_VALUE), Metadata.of("n", Float.MAX_VALUE), true),
                row(gt("n", Float.MAX_VALUE), Metadata.of("n", Double.MAX_VALUE), true),
                row(gt("n", 0), Metadata.of("n", Double.MIN_VALUE), true),
                row(lte("n", Integer.MIN_VALUE), Metadata.of("n", Long.MIN_VALUE), true),
                row(gte("n", 3), Metadata.of("n", 3.0f), true),
                // strings by code point; UUIDs as their canonical text
                row(gt("s", "\uFFFD"), Metadata.of("s", "\uD83D\uDE00"), true),
                row(lt("s", "\uE000"), Metadata.of("s", "\uD83D\uDE00"), false),
                row(lt("s", "B"), Metadata.of("s", "a"), false),
                row(lt("s", "ab"), Metadata.of("s", "a"), true),
                row(gt("s", ""), Metadata.of("s", "a"), true),
                row(eq("s", "A"), Metadata.of("s", "a"), false),
                row(eq("u", ID.toString()), Metadata.of("u", ID), true),
                row(eq("u", ID), Metadata.of("u", ID.toString()), true),
                row(eq("u", ID), Metadata.of("u", ID.toString().toUpperCase(java.util.Locale.ROOT)), false),
                row(gt("u", UUID.fromString("10000000-0000-4000-8000-000000000001")), Metadata.of("u", ID), true),
                row(containsString("u", "a000"), Metadata.of("u", ID), true),
                row(containsString("s", "A"), Metadata.of("s", "a"), false),
                row(containsString("s", ""), Metadata.of("s", ""), true),
                // booleans are only equal or not; mixed types are never equal nor ordered
                row(eq("b", true), Metadata.of("b", true), true),
                row(eq("b", false), Metadata.of("b", true), false),
                row(eq("b", true), Metadata.of("b", "true"), false),
                row(eq("b", 1), Metadata.of("b", true), false),
                row(eq("s", "3"), Metadata.of("s", 3), false),
                row(gt("s", "2"), Metadata.of("s", 3), false),
                row(lt("s", 4), Metadata.of("s", "3"), false),
                row(in("s", "3", 3L), Metadata.of("s", 3), true),
                row(containsString("n", "3"), Metadata.of("n", 3), false),
                row(containsString("b", "true"), Metadata.of("b", true), false),
                // a missing key: only ne, notIn and missing are true
                row(eq("k", "v"), none, false), row(gt("k", 1), none, false), row(gte("k", 1), none, false),
                row(lt("k", 1), none, false), row(lte("k", 1), none, false), row(in("k", "v"), none, false),
                row(containsString("k", ""), none, false), row(exists("k"), none, false),
                row(ne("k", "v"), none, true), row(notIn("k", List.of("v")), none, true), row(missing("k"), none, true),
                row(not(gt("k", 1)), none, true),
                // nesting and precedence
                row(eq("a", 1).or(eq("b", 1)).and(eq("c", 1)), Metadata.of("a", 1), false),
                row(eq("a", 1).or(eq("b", 1).and(eq("c", 1))), Metadata.of("a", 1), true),
                row(and(), none, true),
                row(Filter.all(), none, true));
    }

    private static Arguments row(Filter f, Metadata m, boolean passes) {
        return Arguments.of(f, m, passes);
    }

    @ParameterizedTest(name = "{0} on {1} is {2}")
    @MethodSource("semantics")
    void theReferenceFollowsTheSemanticsTable(Filter filter, Metadata metadata, boolean passes) {
        assertEquals(passes, filter.test(metadata));
        assertEquals(!passes, not(filter).test(metadata), "not is the complement");
    }

    @Test
    void negationsAreExactlyNotOfTheirPositiveForm() {
        assertEquals(not(eq("k", 1)), ne("k", 1));
        assertEquals(not(in("k", List.of(1, 2))), notIn("k", List.of(1, 2)));
        assertEquals(not(exists("k")), missing("k"));
        assertEquals(eq("k", 1), not(ne("k", 1)), "not(not(f)) is f");
        List<Metadata> samples = List.of(Metadata.empty(), Metadata.of("k", 1), Metadata.of("k", 1.0),
                Metadata.of("k", "1"), Metadata.of("k", true), Metadata.of("other", 1));
        for (Metadata m : samples) {
            assertEquals(!eq("k", 1).test(m), ne("k", 1).test(m), m.toString());
            assertEquals(!in("k", 1, "1").test(m), notIn("k", List.of(1, "1")).test(m), m.toString());
            assertEquals(!exists("k").test(m), missing("k").test(m), m.toString());
        }
    }

    @Test
    void andOrAndAllSimplifyAsDocumented() {
        Filter a = eq("a", 1);
        Filter b = eq("b", 2);
        assertSame(Filter.all(), and());
        assertSame(Filter.all(), and(Filter.all(), Filter.all()));
        assertSame(a, and(a));
        assertSame(a, and(Filter.all(), a));
        assertSame(a, or(a));
        assertEquals(new Filter.And(List.of(a, b)), a.and(b));
        assertEquals(new Filter.Or(List.of(a, b)), a.or(b));
        assertEquals(and(a, b), and(List.of(a, b)));
        assertEquals(and(eq("k", "v"), eq("n", 1)), Filter.matching(Map.of("n", 1, "k", "v")), "pairs in key order");
        assertSame(Filter.all(), Filter.matching(Map.of()));
    }

    @Test
    void filtersAreEqualByStructure() {
        assertEquals(eq("k", 1), eq("k", 1));
        assertEquals(eq("k", 1).hashCode(), eq("k", 1).hashCode());
        assertNotEquals(eq("k", 1), eq("k", 1L), "operands of different types are different filters");
        assertNotEquals(eq("k", 1), gte("k", 1));
        assertNotEquals(eq("a", 1).and(eq("b", 1)), eq("b", 1).and(eq("a", 1)), "operand order is kept");
        assertEquals(in("k", 1, 2), in("k", List.of(1, 2)));
        assertNotEquals(in("k", 1, 2), in("k", 2, 1));
    }

    @Test
    void booleansCannotBeOrdered() {
        assertInvalid("booleans are only equal or not", () -> gt("b", true));
        assertInvalid("booleans are only equal or not", () -> gte("b", false));
        assertInvalid("booleans are only equal or not", () -> lt("b", true));
        assertInvalid("booleans are only equal or not", () -> lte("b", false));
        assertTrue(eq("b", true).test(Metadata.of("b", true)));
    }

    @Test
    void operandsAndKeysFollowTheMetadataRules() {
        assertInvalid("finite", () -> eq("n", Double.NaN));
        assertInvalid("finite", () -> gt("n", Float.POSITIVE_INFINITY));
        assertInvalid("allowed: String", () -> eq("n", new java.math.BigDecimal("1")));
        assertInvalid("allowed: String", () -> in("n", 1, (short) 2));
        assertInvalid("metadata keys must be 1 to", () -> exists(""));
        assertInvalid("metadata keys must be 1 to", () -> eq("k".repeat(MemoryDefaults.MAX_METADATA_KEY_LENGTH + 1), 1));
        assertInvalid("unpaired surrogate", () -> eq("k", "a\uD800"));
        assertInvalid("unpaired surrogate", () -> containsString("k", "\uDE00"));
        assertInvalid("U+0000", () -> containsString("k", "\0"));
        assertInvalid("the maximum is " + MemoryDefaults.MAX_METADATA_VALUE_LENGTH,
                () -> eq("k", "v".repeat(MemoryDefaults.MAX_METADATA_VALUE_LENGTH + 1)));
    }

    @Test
    void nullsAreTypedErrorsNamingWhatIsNull() {
        assertInvalid("value", () -> eq("k", null));
        assertInvalid("values", () -> in("k", (List<?>) null));
        assertInvalid("first", () -> in("k", null, 1));
        assertInvalid("more[1]", () -> in("k", 1, 2, null));
        assertInvalid("part", () -> containsString("k", null));
        assertInvalid("filter", () -> not(null));
        assertInvalid("other", () -> eq("a", 1).and((Filter) null));
        assertInvalid("other", () -> eq("a", 1).or(null));
        assertInvalid("metadata", () -> eq("a", 1).test(null));
        assertInvalid("visitor", () -> eq("a", 1).accept(null));
    }

    /** Regression: List.copyOf threw a raw NullPointerException for a null in a collection given to in and notIn. */
    @Test
    void aNullInTheValuesOfInIsATypedErrorNamingIt() {
        assertInvalid("value 1 of in 'k' must not be null", () -> in("k", Arrays.asList("a", null)));
        assertInvalid("value 0 of in 'k' must not be null", () -> notIn("k", Arrays.asList((Object) null)));
    }

    @Test
    void inTakesOneToTheMaximumNumberOfValues() {
        List<Integer> most = new ArrayList<>();
        for (int i = 0; i < MemoryDefaults.MAX_FILTER_IN_VALUES; i++) {
            most.add(i);
        }
        assertTrue(in("k", most).test(Metadata.of("k", 999L)));
        most.add(1000);
        assertInvalid("needs 1 to " + MemoryDefaults.MAX_FILTER_IN_VALUES + " values, got 1001", () -> in("k", most));
        assertInvalid("got 0", () -> in("k", List.of()));
        assertInvalid("got 0", () -> notIn("k", List.of()));
    }

    @Test
    void depthAndNodesAreLimited() {
        Filter deepest = eq("k", 0);
        for (int depth = 2; depth <= MemoryDefaults.MAX_FILTER_DEPTH; depth++) {
            deepest = deepest.or(eq("k", depth));
        }
        Filter deep = deepest;
        assertTrue(deep.test(Metadata.of("k", 32)));
        assertInvalid("33 levels deep; the maximum is 32", () -> deep.and(eq("x", 1)));
        assertInvalid("levels deep", () -> not(deep));
        List<Filter> widest = new ArrayList<>();
        for (int i = 0; i < MemoryDefaults.MAX_FILTER_NODES - 1; i++) {
            widest.add(exists("k" + i));
        }
        assertEquals(MemoryDefaults.MAX_FILTER_NODES - 1, ((Filter.And) and(widest)).operands().size());
        widest.add(exists("one-more"));
        assertInvalid("257 nodes; the maximum is 256", () -> and(widest));
        assertInvalid("needs two or more operands", () -> new Filter.And(List.of(eq("k", 1))));
        assertInvalid("needs two or more operands", () -> new Filter.Or(List.of()));
    }

    @Test
    void theTextIsReadable() {
        UUID id = ID;
        assertEquals("(priority > 3 AND project IN ['apollo', 'gemini'])",
                gt("priority", 3).and(in("project", "apollo", "gemini")).toString());
        assertEquals("(a = 1L OR b <= 1.5f OR c >= 2.5)", or(eq("a", 1L), lte("b", 1.5f), gte("c", 2.5)).toString());
        assertEquals("priority != 3", ne("priority", 3).toString());
        assertEquals("project NOT IN ['x']", notIn("project", List.of("x")).toString());
        assertEquals("archived MISSING", missing("archived").toString());
        assertEquals("archived EXISTS", exists("archived").toString());
        assertEquals("title CONTAINS 'report'", containsString("title", "report").toString());
        assertEquals("NOT (a = 1 OR b = 2)", not(eq("a", 1).or(eq("b", 2))).toString());
        assertEquals("NOT (k < 3)", not(lt("k", 3)).toString());
        assertEquals("u = uuid:" + id, eq("u", id).toString());
        assertEquals("b = true", eq("b", true).toString());
        assertEquals("ALL", Filter.all().toString());
    }

    /** Regression: a key holding " IN [" or starting with "(" was printed wrongly by not. */
    @Test
    void theTextOfANegationDoesNotDependOnTheKey() {
        assertEquals("a IN [b NOT IN ['x']", notIn("a IN [b", List.of("x")).toString());
        assertEquals("NOT ((k CONTAINS 'x')", not(containsString("(k", "x")).toString());
        assertEquals("NOT ((k > 1)", not(gt("(k", 1)).toString());
    }

    @Test
    void aVisitorSeesEachKindOfNode() {
        Filter.Visitor<String> names = new Filter.Visitor<>() {
            @Override
            public String all() {
                return "all";
            }

            @Override
            public String compare(Filter.Compare compare) {
                return compare.key() + compare.op().symbol() + compare.value();
            }

            @Override
            public String in(Filter.In in) {
                return in.key() + " in " + in.values();
            }

            @Override
            public String containsString(Filter.ContainsString contains) {
                return contains.key() + " has " + contains.part();
            }

            @Override
            public String exists(Filter.Exists exists) {
                return exists.key() + "?";
            }

            @Override
            public String and(Filter.And and) {
                return "and" + and.operands().stream().map(f -> f.accept(this)).toList();
            }

            @Override
            public String or(Filter.Or or) {
                return "or" + or.operands().stream().map(f -> f.accept(this)).toList();
            }

            @Override
            public String not(Filter.Not not) {
                return "not " + not.operand().accept(this);
            }
        };
        Filter f = and(Filter.all(), eq("a", 1).or(in("b", 2, 3)), missing("c"), containsString("d", "x"));

        assertEquals("and[or[a=1, b in [2, 3]], not c?, d has x]", f.accept(names));
        assertEquals("all", Filter.all().accept(names));
        assertFalse(f.test(Metadata.of("a", 1, "c", 0, "d", "x")));
        assertTrue(f.test(Metadata.of("b", 3L, "d", "xyz")));
    }
}
