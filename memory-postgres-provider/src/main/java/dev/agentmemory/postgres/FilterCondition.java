package dev.agentmemory.postgres;

import dev.agentmemory.Filter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * A {@link Filter} as a jOOQ {@link Condition} over the {@code metadata} column (see {@link MetadataJson} for how
 * values are stored). Keys and operands are always bind values, never SQL text: no key or value can change the
 * statement.
 *
 * <p>The filter language has two-valued logic, SQL three: every leaf here is written so that it is {@code false},
 * never {@code NULL}, for a missing key or a value of another type, so that SQL's {@code NOT} is the filter's
 * complement and {@code AND}/{@code OR} agree with {@link Filter#test}.
 * <ul>
 *   <li>{@code eq} and {@code in}: jsonb containment, {@code metadata @> {"k": v}} (one bound document, or
 *       {@code @> ANY} of a bound array of them), which the GIN index {@code memories_metadata}
 *       ({@code jsonb_path_ops}) serves. Containment compares numbers by numeric value ({@code 3} matches
 *       {@code 3.0}) and strings by text, so a UUID operand matches a String of its text, as the filter says.</li>
 *   <li>Orderings: {@code CASE WHEN jsonb_typeof(metadata -> k) = 'number' THEN (metadata ->> k)::numeric > v ELSE
 *       false END}, or for a String/UUID operand the same over {@code 'string'} with {@code COLLATE "C"} (byte order
 *       of UTF-8, which is code point order). The {@code CASE} also keeps the cast from ever seeing a string. No
 *       index serves these.</li>
 *   <li>{@code containsString}: {@code strpos} of the bound part in a JSON string value (no pattern language, so
 *       {@code %}, {@code _} and {@code \} in the part are plain characters).</li>
 *   <li>{@code exists}: {@code metadata ? k}, the jsonb key-exists operator (written {@code ??} for JDBC).</li>
 * </ul>
 * Stateless and thread-safe.
 */
final class FilterCondition implements Filter.Visitor<Condition> {

    private static final Field<String> NUMBER = DSL.inline("number");
    private static final Field<String> STRING = DSL.inline("string");

    private final Field<JSONB> metadata;

    private FilterCondition(Field<JSONB> metadata) {
        this.metadata = metadata;
    }

    /**
     * Translates a filter.
     *
     * @param metadata the {@code jsonb} column of the memories' metadata
     * @param filter the filter
     * @return the condition, true exactly for the rows whose metadata pass the filter
     */
    static Condition of(Field<JSONB> metadata, Filter filter) {
        return filter.accept(new FilterCondition(metadata));
    }

    @Override
    public Condition all() {
        return DSL.trueCondition();
    }

    @Override
    public Condition compare(Filter.Compare compare) {
        if (compare.op() == Filter.Op.EQ) {
            return DSL.condition("{0} @> {1}", metadata, DSL.val(MetadataJson.pair(compare.key(), compare.value()),
                    SQLDataType.JSONB));
        }
        Field<String> key = DSL.val(compare.key(), SQLDataType.CLOB);
        Field<String> text = DSL.jsonbGetAttributeAsText(metadata, key);
        if (compare.value() instanceof Number n) {
            Field<BigDecimal> stored = text.cast(SQLDataType.NUMERIC);
            Field<BigDecimal> operand = DSL.val(MetadataJson.exact(n), SQLDataType.NUMERIC);
            return typed(key, NUMBER, order(stored, compare.op(), operand));
        }
        // A String or UUID operand: compared by code point, as the UTF-8 bytes of collation "C" are.
        Field<String> stored = text.collate(DSL.collation(DSL.name("C")));
        Field<String> operand = DSL.val(compare.value().toString(), SQLDataType.CLOB);
        return typed(key, STRING, order(stored, compare.op(), operand));
    }

    @Override
    public Condition in(Filter.In in) {
        if (in.values().size() == 1) {
            return compare(new Filter.Compare(in.key(), Filter.Op.EQ, in.values().get(0)));
        }
        List<String> documents = new ArrayList<>(in.values().size());
        for (Object v : in.values()) {
            documents.add(MetadataJson.pair(in.key(), v).data());
        }
        // One bound array, each element one containment document; GIN serves "@> ANY" in a bitmap scan.
        return DSL.condition("{0} @> ANY(CAST({1} AS jsonb[]))", metadata,
                DSL.val(documents.toArray(new String[0]), SQLDataType.CLOB.getArrayDataType()));
    }

    @Override
    public Condition containsString(Filter.ContainsString contains) {
        Field<String> key = DSL.val(contains.key(), SQLDataType.CLOB);
        Field<Integer> at = DSL.function("strpos", SQLDataType.INTEGER, DSL.jsonbGetAttributeAsText(metadata, key),
                DSL.val(contains.part(), SQLDataType.CLOB));
        return typed(key, STRING, at.gt(DSL.inline(0)));
    }

    @Override
    public Condition exists(Filter.Exists exists) {
        // "??" is how JDBC spells PostgreSQL's "?" operator; the key is a bind value.
        return DSL.condition("({0} ?? {1})", metadata, DSL.val(exists.key(), SQLDataType.CLOB));
    }

    @Override
    public Condition and(Filter.And and) {
        return DSL.and(translate(and.operands()));
    }

    @Override
    public Condition or(Filter.Or or) {
        return DSL.or(translate(or.operands()));
    }

    @Override
    public Condition not(Filter.Not not) {
        return DSL.not(not.operand().accept(this));
    }

    private List<Condition> translate(List<Filter> operands) {
        List<Condition> out = new ArrayList<>(operands.size());
        for (Filter f : operands) {
            out.add(f.accept(this));
        }
        return out;
    }

    /** {@code CASE WHEN jsonb_typeof(metadata -> key) = type THEN condition ELSE false END}: never NULL. */
    private Condition typed(Field<String> key, Field<String> type, Condition condition) {
        Field<String> typeOf = DSL.function("jsonb_typeof", SQLDataType.CLOB, DSL.jsonbGetAttribute(metadata, key));
        return DSL.condition(DSL.when(typeOf.eq(type), DSL.field(condition)).otherwise(DSL.inline(false)));
    }

    private static <T> Condition order(Field<T> stored, Filter.Op op, Field<T> operand) {
        return switch (op) {
            case GT -> stored.gt(operand);
            case GTE -> stored.ge(operand);
            case LT -> stored.lt(operand);
            case LTE -> stored.le(operand);
            case EQ -> stored.eq(operand);
        };
    }
}
