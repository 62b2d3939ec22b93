package dev.agentmemory;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The value rules of the {@link Filter} language, shared by its nodes. Stateless. */
final class FilterValues {
    private FilterValues() {
    }

    /** The visitor of {@code accept}, checked. */
    static <R> Filter.Visitor<R> visitor(Filter.@Nullable Visitor<R> visitor) {
        return Requests.notNull("filter", "visitor", visitor);
    }

    /** The metadata of {@code test}, checked. */
    static Metadata metadata(@Nullable Metadata metadata) {
        return Requests.notNull("filter", "metadata", metadata);
    }

    /** Equality by the rules of {@link Filter}; false across types. */
    static boolean equal(Object stored, Object operand) {
        if (stored instanceof Number a && operand instanceof Number b) {
            return Metadata.exact(a).compareTo(Metadata.exact(b)) == 0;
        }
        if (stored instanceof Boolean || operand instanceof Boolean) {
            return stored.equals(operand);
        }
        String x = text(stored);
        String y = text(operand);
        return x != null && x.equals(y);
    }

    /** Order by the rules of {@link Filter}, or null where two values are not ordered. */
    static @Nullable Integer compare(Object stored, Object operand) {
        if (stored instanceof Number a && operand instanceof Number b) {
            BigDecimal x = Metadata.exact(a);
            return x.compareTo(Metadata.exact(b));
        }
        String x = text(stored);
        String y = text(operand);
        return x == null || y == null ? null : compareCodePoints(x, y);
    }

    /** The text of a String or UUID value (a UUID as lower-case canonical text); null for other types. */
    static @Nullable String text(@Nullable Object value) {
        if (value instanceof String s) {
            return s;
        }
        return value instanceof UUID u ? u.toString() : null;
    }

    /** Compares by Unicode code point (which {@link String#compareTo} does not do above U+FFFF). */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    static List<Filter> operands(String what, @Nullable List<Filter> operands) {
        Requests.notNull("filter", "operands of " + what, operands);
        if (operands.size() < 2) {
            throw Requests.invalid("filter", what + " needs two or more operands, got " + operands.size());
        }
        int nodes = 1;
        int depth = 0;
        for (int i = 0; i < operands.size(); i++) {
            Filter f = Requests.notNull("filter", "operand " + i + " of " + what, operands.get(i));
            nodes += nodes(f);
            depth = Math.max(depth, depth(f));
        }
        checkSize(nodes, depth + 1);
        return List.copyOf(operands);
    }

    static void checkSize(int nodes, int depth) {
        if (nodes > MemoryDefaults.MAX_FILTER_NODES) {
            throw Requests.invalid("filter", "the filter has " + nodes + " nodes; the maximum is "
                    + MemoryDefaults.MAX_FILTER_NODES);
        }
        if (depth > MemoryDefaults.MAX_FILTER_DEPTH) {
            throw Requests.invalid("filter", "the filter is " + depth + " levels deep; the maximum is "
                    + MemoryDefaults.MAX_FILTER_DEPTH);
        }
    }

    static int nodes(Filter f) {
        if (f instanceof Filter.And a) {
            return 1 + a.operands().stream().mapToInt(FilterValues::nodes).sum();
        }
        if (f instanceof Filter.Or o) {
            return 1 + o.operands().stream().mapToInt(FilterValues::nodes).sum();
        }
        return f instanceof Filter.Not n ? 1 + nodes(n.operand()) : 1;
    }

    static int depth(Filter f) {
        if (f instanceof Filter.And a) {
            return 1 + a.operands().stream().mapToInt(FilterValues::depth).max().orElse(0);
        }
        if (f instanceof Filter.Or o) {
            return 1 + o.operands().stream().mapToInt(FilterValues::depth).max().orElse(0);
        }
        return f instanceof Filter.Not n ? 1 + depth(n.operand()) : 1;
    }

    static String join(String separator, List<Filter> operands) {
        StringBuilder b = new StringBuilder("(");
        String sep = "";
        for (Filter f : operands) {
            b.append(sep).append(f);
            sep = separator;
        }
        return b.append(')').toString();
    }
}
