package dev.agentmemory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A condition on a long-term memory's {@link Metadata}: an immutable expression tree that a store applies before it
 * ranks, lists, counts or deletes. Made with the static factories and combined with {@link #and(Filter)},
 * {@link #or(Filter)} and {@link #not(Filter)}:
 *
 * <pre>{@code
 * Filter f = Filter.eq("user", "u-42")
 *         .and(Filter.gt("priority", 3))
 *         .and(Filter.in("project", "apollo", "gemini"))
 *         .and(Filter.ne("archived", true));
 * }</pre>
 *
 * <h2>Semantics</h2>
 * Every filter is true or false for a memory; there is no third value. {@link #test(Metadata)} is the reference, and
 * every provider gives the same answer (the TCK's filter suite checks it).
 * <ul>
 *   <li><b>FilterValues.</b> An operand is a String, UUID, Integer, Long, Float, Double or Boolean, with the rules of
 *       {@link Metadata}.</li>
 *   <li><b>Numbers</b> (Integer, Long, Float, Double) compare by their exact mathematical value, across types:
 *       {@code Integer 3}, {@code Long 3} and {@code Double 3.0} are equal; {@code Long 9007199254740993} is greater
 *       than {@code Double 9007199254740992.0}; {@code -0.0} equals {@code 0.0}. A Float is the exact value of that
 *       float: {@code 0.1f} equals {@code (double) 0.1f}, not {@code 0.1}.</li>
 *   <li><b>Strings</b> compare by Unicode code point, character by character (not by a locale's collation). A UUID
 *       compares as its canonical text, lower case with hyphens: it equals the String with that text.</li>
 *   <li><b>Booleans</b> are only equal or not equal; ordering a boolean ({@code gt("archived", true)}) is rejected
 *       when the filter is made.</li>
 *   <li><b>Mixed types</b> are never equal and never ordered: a number and a string, a boolean and anything else.</li>
 *   <li><b>A missing key</b> makes {@code eq}, {@code gt}, {@code gte}, {@code lt}, {@code lte}, {@code in},
 *       {@code containsString} and {@code exists} false.</li>
 *   <li>{@code ne(k, v)} is exactly {@code not(eq(k, v))}, {@code notIn(k, ...)} exactly {@code not(in(k, ...))} and
 *       {@code missing(k)} exactly {@code not(exists(k))}: so each is true for a memory without the key, and
 *       {@code not} is always the complement. A framework whose "not equal" is false for a missing key maps it to
 *       {@code exists(k).and(ne(k, v))}.</li>
 *   <li>{@code containsString(k, part)} is true when the value is a String or UUID whose text contains {@code part}
 *       (case-sensitive); never for a number or boolean.</li>
 *   <li>{@code and} of no filters, and {@link #all()}, match every memory.</li>
 * </ul>
 *
 * <h2>Limits</h2>
 * Keys and string operands follow {@link Metadata}'s rules; an {@code in} list holds 1 to
 * {@value MemoryDefaults#MAX_FILTER_IN_VALUES} values; a filter has at most {@value MemoryDefaults#MAX_FILTER_NODES}
 * nodes and is at most {@value MemoryDefaults#MAX_FILTER_DEPTH} levels deep. Every rule is checked when the filter is
 * made, with an {@link InvalidMemoryRequestException}.
 *
 * <p>Providers translate a filter with a {@link Visitor}. Equal by structure; {@code toString()} is readable, for
 * example {@code (priority > 3 AND project IN ['apollo', 'gemini'])}. Immutable and thread-safe.
 */
public sealed interface Filter
        permits Filter.All, Filter.Compare, Filter.In, Filter.ContainsString, Filter.Exists, Filter.And, Filter.Or,
        Filter.Not {

    /** The comparisons of {@link Compare}. "Not equal" is {@code not(eq)}: see {@link Filter#ne}. */
    enum Op {
        /** Equal. */
        EQ("="),
        /** Greater than. */
        GT(">"),
        /** Greater than or equal. */
        GTE(">="),
        /** Less than. */
        LT("<"),
        /** Less than or equal. */
        LTE("<=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /**
         * The operator as written in a filter's {@code toString()}.
         *
         * @return for example {@code >=}
         */
        public String symbol() {
            return symbol;
        }
    }

    /**
     * The filter that every memory passes.
     *
     * @return the filter
     */
    static Filter all() {
        return All.INSTANCE;
    }

    /**
     * The value of {@code key} equals {@code value}.
     *
     * @param key the metadata key
     * @param value the operand
     * @return the filter
     * @throws InvalidMemoryRequestException if the key or the value breaks its rule
     */
    static Filter eq(String key, Object value) {
        return new Compare(key, Op.EQ, value);
    }

    /**
     * Exactly {@code not(eq(key, value))}: true when the key is missing or holds another value.
     *
     * @param key the metadata key
     * @param value the operand
     * @return the filter
     * @throws InvalidMemoryRequestException if the key or the value breaks its rule
     */
    static Filter ne(String key, Object value) {
        return not(eq(key, value));
    }

    /**
     * The value of {@code key} is greater than {@code value}.
     *
     * @param key the metadata key
     * @param value a number, string or UUID
     * @return the filter
     * @throws InvalidMemoryRequestException if the key or the value breaks its rule, or the value is a boolean
     */
    static Filter gt(String key, Object value) {
        return new Compare(key, Op.GT, value);
    }

    /**
     * The value of {@code key} is greater than or equal to {@code value}.
     *
     * @param key the metadata key
     * @param value a number, string or UUID
     * @return the filter
     * @throws InvalidMemoryRequestException if the key or the value breaks its rule, or the value is a boolean
     */
    static Filter gte(String key, Object value) {
        return new Compare(key, Op.GTE, value);
    }

    /**
     * The value of {@code key} is less than {@code value}.
     *
     * @param key the metadata key
     * @param value a number, string or UUID
     * @return the filter
     * @throws InvalidMemoryRequestException if the key or the value breaks its rule, or the value is a boolean
     */
    static Filter lt(String key, Object value) {
        return new Compare(key, Op.LT, value);
    }

    /**
     * The value of {@code key} is less than or equal to {@code value}.
     *
     * @param key the metadata key
     * @param value a number, string or UUID
     * @return the filter
     * @throws InvalidMemoryRequestException if the key or the value breaks its rule, or the value is a boolean
     */
    static Filter lte(String key, Object value) {
        return new Compare(key, Op.LTE, value);
    }

    /**
     * The value of {@code key} equals one of {@code values}.
     *
     * @param key the metadata key
     * @param values 1 to {@value MemoryDefaults#MAX_FILTER_IN_VALUES} operands; copied
     * @return the filter
     * @throws InvalidMemoryRequestException if the key or a value breaks its rule, or the list is empty or too long
     */
    static Filter in(String key, Collection<?> values) {
        // Not List.copyOf, which throws a raw NullPointerException for a null value: In names it.
        return new In(key, new ArrayList<>(Requests.notNull("filter", "values", values)));
    }

    /**
     * The value of {@code key} equals one of {@code values}.
     *
     * @param key the metadata key
     * @param first the first operand
     * @param more more operands
     * @return the filter
     * @throws InvalidMemoryRequestException if the key or a value breaks its rule, or the list is too long
     */
    static Filter in(String key, Object first, Object... more) {
        Requests.notNull("filter", "more", more);
        List<Object> values = new ArrayList<>(more.length + 1);
        values.add(Requests.notNull("filter", "first", first));
        for (int i = 0; i < more.length; i++) {
            values.add(Requests.notNull("filter", "more[" + i + "]", more[i]));
        }
        return new In(key, values);
    }

    /**
     * Exactly {@code not(in(key, values))}: true when the key is missing or holds none of the values.
     *
     * @param key the metadata key
     * @param values 1 to {@value MemoryDefaults#MAX_FILTER_IN_VALUES} operands; copied
     * @return the filter
     * @throws InvalidMemoryRequestException if the key or a value breaks its rule, or the list is empty or too long
     */
    static Filter notIn(String key, Collection<?> values) {
        return not(in(key, values));
    }

    /**
     * The value of {@code key} is a String or UUID whose text contains {@code part} (case-sensitive).
     *
     * @param key the metadata key
     * @param part the text to look for, at most {@value MemoryDefaults#MAX_METADATA_VALUE_LENGTH} chars
     * @return the filter
     * @throws InvalidMemoryRequestException if the key or the part breaks its rule
     */
    static Filter containsString(String key, String part) {
        return new ContainsString(key, part);
    }

    /**
     * The key is present, whatever its value.
     *
     * @param key the metadata key
     * @return the filter
     * @throws InvalidMemoryRequestException if the key breaks its rule
     */
    static Filter exists(String key) {
        return new Exists(key);
    }

    /**
     * Exactly {@code not(exists(key))}.
     *
     * @param key the metadata key
     * @return the filter
     * @throws InvalidMemoryRequestException if the key breaks its rule
     */
    static Filter missing(String key) {
        return not(exists(key));
    }

    /**
     * Every filter holds. {@link #all()} operands are left out; no operand at all gives {@link #all()}, one operand
     * gives that operand.
     *
     * @param filters the operands
     * @return the filter
     * @throws InvalidMemoryRequestException if an operand is null or the result breaks a limit
     */
    static Filter and(Filter... filters) {
        return and(Arrays.asList(Requests.notNull("filter", "filters", filters)));
    }

    /**
     * Every filter holds; see {@link #and(Filter...)}.
     *
     * @param filters the operands
     * @return the filter
     * @throws InvalidMemoryRequestException if an operand is null or the result breaks a limit
     */
    static Filter and(List<? extends Filter> filters) {
        List<Filter> operands = new ArrayList<>();
        for (Filter f : Requests.notNull("filter", "filters", filters)) {
            if (!(Requests.notNull("filter", "an operand of and", f) instanceof All)) {
                operands.add(f);
            }
        }
        return operands.isEmpty() ? all() : operands.size() == 1 ? operands.get(0) : new And(operands);
    }

    /**
     * At least one filter holds; one operand gives that operand.
     *
     * @param first the first operand
     * @param more more operands
     * @return the filter
     * @throws InvalidMemoryRequestException if an operand is null or the result breaks a limit
     */
    static Filter or(Filter first, Filter... more) {
        Requests.notNull("filter", "more", more);
        List<Filter> operands = new ArrayList<>(more.length + 1);
        operands.add(Requests.notNull("filter", "first", first));
        for (int i = 0; i < more.length; i++) {
            operands.add(Requests.notNull("filter", "more[" + i + "]", more[i]));
        }
        return operands.size() == 1 ? first : new Or(operands);
    }

    /**
     * The complement: true exactly when {@code filter} is false. {@code not(not(f))} is {@code f}.
     *
     * @param filter the operand
     * @return the filter
     * @throws InvalidMemoryRequestException if the operand is null
     */
    static Filter not(Filter filter) {
        Requests.notNull("filter", "filter", filter);
        return filter instanceof Not n ? n.operand() : new Not(filter);
    }

    /**
     * The shorthand of a query by metadata pairs: every pair present with an equal value.
     *
     * @param pairs key to value
     * @return the {@code and} of one {@code eq} per pair, or {@link #all()} for no pairs
     * @throws InvalidMemoryRequestException if a key or value breaks its rule
     */
    static Filter matching(Map<String, ?> pairs) {
        List<Filter> eqs = new ArrayList<>();
        Metadata.of("filter", pairs).asMap().forEach((k, v) -> eqs.add(eq(k, v)));
        return and(eqs);
    }

    /**
     * This filter and another.
     *
     * @param other the other operand
     * @return {@code and(this, other)}
     * @throws InvalidMemoryRequestException if the result breaks a limit
     */
    default Filter and(Filter other) {
        return and(this, Requests.notNull("filter", "other", other));
    }

    /**
     * This filter or another.
     *
     * @param other the other operand
     * @return {@code or(this, other)}
     * @throws InvalidMemoryRequestException if the result breaks a limit
     */
    default Filter or(Filter other) {
        return or(this, Requests.notNull("filter", "other", other));
    }

    /**
     * Whether a memory with these metadata passes: the reference semantics, which every provider follows.
     *
     * @param metadata the memory's metadata
     * @return whether it passes
     */
    boolean test(Metadata metadata);

    /**
     * Calls the visitor's method for this node.
     *
     * @param visitor the visitor
     * @param <R> what the visitor returns
     * @return what the visitor returned
     */
    <R> R accept(Visitor<R> visitor);

    /**
     * A translation of a filter, one method per kind of node; a provider writes one to turn a filter into its query
     * language. Operands of {@code and}, {@code or} and {@code not} are visited by the visitor itself.
     *
     * @param <R> the result of a translation
     */
    interface Visitor<R> {
        /**
         * Translates {@link Filter#all()}.
         *
         * @return the translation
         */
        R all();

        /**
         * Translates a comparison.
         *
         * @param compare the node
         * @return the translation
         */
        R compare(Compare compare);

        /**
         * Translates an {@code in}.
         *
         * @param in the node
         * @return the translation
         */
        R in(In in);

        /**
         * Translates a {@code containsString}.
         *
         * @param contains the node
         * @return the translation
         */
        R containsString(ContainsString contains);

        /**
         * Translates an {@code exists}.
         *
         * @param exists the node
         * @return the translation
         */
        R exists(Exists exists);

        /**
         * Translates an {@code and}.
         *
         * @param and the node
         * @return the translation
         */
        R and(And and);

        /**
         * Translates an {@code or}.
         *
         * @param or the node
         * @return the translation
         */
        R or(Or or);

        /**
         * Translates a {@code not}.
         *
         * @param not the node
         * @return the translation
         */
        R not(Not not);
    }

    /** The filter every memory passes: {@link Filter#all()}. */
    final class All implements Filter {
        private static final All INSTANCE = new All();

        private All() {
        }

        @Override
        public boolean test(Metadata metadata) {
            FilterValues.metadata(metadata);
            return true;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return FilterValues.visitor(visitor).all();
        }

        /**
         * The filter's text.
         *
         * @return {@code ALL}
         */
        @Override
        public String toString() {
            return "ALL";
        }
    }

    /**
     * A comparison of a key's value with an operand.
     *
     * @param key the metadata key
     * @param op the comparison
     * @param value the operand: one of the seven types; never a Boolean for an ordering
     */
    record Compare(String key, Op op, Object value) implements Filter {
        /**
         * Validates the node.
         *
         * @param key the metadata key
         * @param op the comparison
         * @param value the operand
         * @throws InvalidMemoryRequestException if a part is null or breaks its rule
         */
        public Compare {
            key = Metadata.key("filter", key);
            Requests.notNull("filter", "op", op);
            value = Metadata.value("filter", "operand of " + Requests.quote(key),
                    Requests.notNull("filter", "value", value));
            if (op != Op.EQ && value instanceof Boolean) {
                throw Requests.invalid("filter", "booleans are only equal or not: " + key + " " + op.symbol()
                        + " " + value + " is not a filter");
            }
        }

        @Override
        public boolean test(Metadata metadata) {
            Object stored = FilterValues.metadata(metadata).get(key);
            if (stored == null) {
                return false;
            }
            if (op == Op.EQ) {
                return FilterValues.equal(stored, value);
            }
            Integer c = FilterValues.compare(stored, value);
            if (c == null) {
                return false;
            }
            return switch (op) {
                case GT -> c > 0;
                case GTE -> c >= 0;
                case LT -> c < 0;
                case LTE -> c <= 0;
                case EQ -> c == 0;
            };
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return FilterValues.visitor(visitor).compare(this);
        }

        /**
         * The filter's text.
         *
         * @return for example {@code priority > 3}
         */
        @Override
        public String toString() {
            return key + " " + op.symbol() + " " + Metadata.literal(value);
        }
    }

    /**
     * The key's value equals one of the operands.
     *
     * @param key the metadata key
     * @param values 1 to {@value MemoryDefaults#MAX_FILTER_IN_VALUES} operands
     */
    record In(String key, List<Object> values) implements Filter {
        /**
         * Validates the node and copies the operands.
         *
         * @param key the metadata key
         * @param values the operands
         * @throws InvalidMemoryRequestException if a part is null or breaks its rule
         */
        public In {
            key = Metadata.key("filter", key);
            Requests.notNull("filter", "values", values);
            if (values.isEmpty() || values.size() > MemoryDefaults.MAX_FILTER_IN_VALUES) {
                throw Requests.invalid("filter", "in " + Requests.quote(key) + " needs 1 to "
                        + MemoryDefaults.MAX_FILTER_IN_VALUES + " values, got " + values.size());
            }
            List<Object> checked = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                checked.add(Metadata.value("filter", "value " + i + " of in " + Requests.quote(key), values.get(i)));
            }
            values = List.copyOf(checked);
        }

        @Override
        public boolean test(Metadata metadata) {
            Object stored = FilterValues.metadata(metadata).get(key);
            if (stored == null) {
                return false;
            }
            for (Object v : values) {
                if (FilterValues.equal(stored, v)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return FilterValues.visitor(visitor).in(this);
        }

        /**
         * The filter's text.
         *
         * @return for example {@code project IN ['apollo', 'gemini']}
         */
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(key).append(" IN [");
            String sep = "";
            for (Object v : values) {
                b.append(sep).append(Metadata.literal(v));
                sep = ", ";
            }
            return b.append(']').toString();
        }
    }

    /**
     * The key's value is a String or UUID whose text contains {@code part}.
     *
     * @param key the metadata key
     * @param part the text to look for
     */
    record ContainsString(String key, String part) implements Filter {
        /**
         * Validates the node.
         *
         * @param key the metadata key
         * @param part the text to look for
         * @throws InvalidMemoryRequestException if a part is null or breaks its rule
         */
        public ContainsString {
            key = Metadata.key("filter", key);
            part = (String) Metadata.value("filter", "text to find in " + Requests.quote(key),
                    Requests.notNull("filter", "part", part));
        }

        @Override
        public boolean test(Metadata metadata) {
            String text = FilterValues.text(FilterValues.metadata(metadata).get(key));
            return text != null && text.contains(part);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return FilterValues.visitor(visitor).containsString(this);
        }

        /**
         * The filter's text.
         *
         * @return for example {@code title CONTAINS 'report'}
         */
        @Override
        public String toString() {
            return key + " CONTAINS " + Metadata.literal(part);
        }
    }

    /**
     * The key is present.
     *
     * @param key the metadata key
     */
    record Exists(String key) implements Filter {
        /**
         * Validates the node.
         *
         * @param key the metadata key
         * @throws InvalidMemoryRequestException if the key is null or breaks its rule
         */
        public Exists {
            key = Metadata.key("filter", key);
        }

        @Override
        public boolean test(Metadata metadata) {
            return FilterValues.metadata(metadata).containsKey(key);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return FilterValues.visitor(visitor).exists(this);
        }

        /**
         * The filter's text.
         *
         * @return for example {@code archived EXISTS}
         */
        @Override
        public String toString() {
            return key + " EXISTS";
        }
    }

    /**
     * Every operand holds.
     *
     * @param operands two or more filters
     */
    record And(List<Filter> operands) implements Filter {
        /**
         * Validates the node and copies the operands.
         *
         * @param operands the filters
         * @throws InvalidMemoryRequestException if there are fewer than two, or the tree breaks a limit
         */
        public And {
            operands = FilterValues.operands("and", operands);
        }

        @Override
        public boolean test(Metadata metadata) {
            FilterValues.metadata(metadata);
            for (Filter f : operands) {
                if (!f.test(metadata)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return FilterValues.visitor(visitor).and(this);
        }

        /**
         * The filter's text.
         *
         * @return for example {@code (a = 1 AND b = 2)}
         */
        @Override
        public String toString() {
            return FilterValues.join(" AND ", operands);
        }
    }

    /**
     * At least one operand holds.
     *
     * @param operands two or more filters
     */
    record Or(List<Filter> operands) implements Filter {
        /**
         * Validates the node and copies the operands.
         *
         * @param operands the filters
         * @throws InvalidMemoryRequestException if there are fewer than two, or the tree breaks a limit
         */
        public Or {
            operands = FilterValues.operands("or", operands);
        }

        @Override
        public boolean test(Metadata metadata) {
            FilterValues.metadata(metadata);
            for (Filter f : operands) {
                if (f.test(metadata)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return FilterValues.visitor(visitor).or(this);
        }

        /**
         * The filter's text.
         *
         * @return for example {@code (a = 1 OR b = 2)}
         */
        @Override
        public String toString() {
            return FilterValues.join(" OR ", operands);
        }
    }

    /**
     * The complement of the operand.
     *
     * @param operand the filter
     */
    record Not(Filter operand) implements Filter {
        /**
         * Validates the node.
         *
         * @param operand the filter
         * @throws InvalidMemoryRequestException if the operand is null or the tree breaks a limit
         */
        public Not {
            Requests.notNull("filter", "operand", operand);
            FilterValues.checkSize(1 + FilterValues.nodes(operand), 1 + FilterValues.depth(operand));
        }

        @Override
        public boolean test(Metadata metadata) {
            return !operand.test(FilterValues.metadata(metadata));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return FilterValues.visitor(visitor).not(this);
        }

        /**
         * The filter's text.
         *
         * @return for example {@code priority != 3}, {@code project NOT IN ['x']} or {@code NOT (a = 1 OR b = 2)}
         */
        @Override
        public String toString() {
            if (operand instanceof Compare c && c.op() == Op.EQ) {
                return c.key() + " != " + Metadata.literal(c.value());
            }
            if (operand instanceof In in) {
                return in.key() + " NOT" + in.toString().substring(in.key().length());
            }
            if (operand instanceof Exists e) {
                return e.key() + " MISSING";
            }
            // And and Or print their own parentheses; a key may start with one, so ask the node, not its text.
            String inner = operand.toString();
            return "NOT " + (operand instanceof And || operand instanceof Or ? inner : "(" + inner + ")");
        }
    }
}
