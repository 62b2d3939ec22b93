package dev.agentmemory.postgres;

import dev.agentmemory.Metadata;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jooq.JSONB;

/**
 * Metadata to and from the {@code jsonb} columns. Writing escapes per RFC 8259; reading parses the flat object
 * PostgreSQL prints for such a value. Stateless and thread-safe.
 *
 * <p>Long-term metadata live in two columns so that SQL can compare values natively and Java gets each value back as
 * the type it was given:
 * <ul>
 *   <li>{@code metadata} holds each value as JSON: a String or UUID as a JSON string, a Boolean as a JSON boolean, and
 *       every number as a JSON number written as its exact decimal value ({@code new BigDecimal(double)}, never a
 *       rounded shortest form), so that PostgreSQL's {@code numeric} comparison and jsonb containment agree with
 *       {@link dev.agentmemory.Filter}'s exact comparison across Integer, Long, Float and Double;</li>
 *   <li>{@code metadata_types} maps each key whose value is not a String to its Java type ({@link #TYPE_UUID} ...);
 *       a key it does not name is a String, so rows written before it existed read back as before. A
 *       negative zero, which a JSON number in jsonb ({@code numeric}) cannot keep, is recorded here too
 *       ({@link #TYPE_DOUBLE_NEGATIVE_ZERO}, {@link #TYPE_FLOAT_NEGATIVE_ZERO}).</li>
 * </ul>
 */
final class MetadataJson {

    static final String TYPE_UUID = "uuid";
    static final String TYPE_INTEGER = "integer";
    static final String TYPE_LONG = "long";
    static final String TYPE_FLOAT = "float";
    static final String TYPE_FLOAT_NEGATIVE_ZERO = "float:-0";
    static final String TYPE_DOUBLE = "double";
    static final String TYPE_DOUBLE_NEGATIVE_ZERO = "double:-0";
    static final String TYPE_BOOLEAN = "boolean";

    private static final JSONB EMPTY = JSONB.valueOf("{}");

    private MetadataJson() {
    }

    /** @param metadata typed metadata @return the {@code metadata} column: every value as native JSON */
    static JSONB values(Metadata metadata) {
        if (metadata.isEmpty()) {
            return EMPTY;
        }
        StringBuilder b = new StringBuilder("{");
        String sep = "";
        for (Map.Entry<String, Object> e : metadata.asMap().entrySet()) {
            b.append(sep);
            pair(b, e.getKey(), e.getValue());
            sep = ",";
        }
        return JSONB.valueOf(b.append('}').toString());
    }

    /** @param metadata typed metadata @return the {@code metadata_types} column: the type of each non-String value */
    static JSONB types(Metadata metadata) {
        StringBuilder b = new StringBuilder("{");
        String sep = "";
        for (Map.Entry<String, Object> e : metadata.asMap().entrySet()) {
            String type = typeOf(e.getValue());
            if (type != null) {
                b.append(sep);
                quote(b, e.getKey());
                b.append(':');
                quote(b, type);
                sep = ",";
            }
        }
        return sep.isEmpty() ? EMPTY : JSONB.valueOf(b.append('}').toString());
    }

    /**
     * The one-pair document {@code {"key": value}} that jsonb containment ({@code @>}) matches against the
     * {@code metadata} column: true exactly when the stored value equals {@code value} by the filter's rules.
     *
     * @param key the key
     * @param value a filter operand
     * @return the document, to be bound as a value
     */
    static JSONB pair(String key, Object value) {
        StringBuilder b = new StringBuilder("{");
        pair(b, key, value);
        return JSONB.valueOf(b.append('}').toString());
    }

    /**
     * The exact decimal value of a number as {@link dev.agentmemory.Filter} compares it; {@code -0.0} is 0.
     *
     * @param number an Integer, Long, Float or Double (finite)
     * @return its exact value
     */
    static BigDecimal exact(Number number) {
        if (number instanceof Integer || number instanceof Long) {
            return BigDecimal.valueOf(number.longValue());
        }
        return new BigDecimal(number.doubleValue());
    }

    /**
     * Reads typed metadata back.
     *
     * @param values the {@code metadata} column
     * @param types the {@code metadata_types} column, or null for a row that predates it
     * @return the metadata, each value of the type it was stored with
     * @throws IllegalArgumentException if the text is not such an object, or a value does not fit its recorded type
     */
    static Metadata read(JSONB values, JSONB types) {
        Map<String, Object> raw = parse(values);
        if (raw.isEmpty()) {
            return Metadata.empty();
        }
        Map<String, Object> typeOf = parse(types);
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            out.put(e.getKey(), typed(e.getKey(), e.getValue(), typeOf.get(e.getKey())));
        }
        return Metadata.of(out);
    }

    /** @param metadata string pairs (short-term entries) @return a JSON object, keys sorted */
    static JSONB toJson(Map<String, String> metadata) {
        StringBuilder b = new StringBuilder("{");
        String sep = "";
        for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
            b.append(sep);
            pair(b, e.getKey(), e.getValue());
            sep = ",";
        }
        return JSONB.valueOf(b.append('}').toString());
    }

    /**
     * @param json a flat JSON object of strings (short-term entries), or null
     * @return the pairs
     * @throws IllegalArgumentException if the text is not such an object
     */
    static Map<String, String> fromJson(JSONB json) {
        Map<String, String> out = new LinkedHashMap<>();
        parse(json).forEach((k, v) -> {
            if (!(v instanceof String s)) {
                throw new IllegalArgumentException("metadata value of " + k + " is not a string");
            }
            out.put(k, s);
        });
        return out;
    }

    private static Map<String, Object> parse(JSONB json) {
        if (json == null || json.data() == null) {
            return Map.of();
        }
        return new Parser(json.data()).object();
    }

    private static Object typed(String key, Object raw, Object type) {
        if (type == null) {
            // No recorded type: a String, or (a row not written by this class) the JSON value's own type.
            return raw instanceof BigDecimal d ? d.doubleValue() : raw;
        }
        String t = (String) type;
        try {
            return switch (t) {
                case TYPE_UUID -> UUID.fromString((String) raw);
                case TYPE_INTEGER -> ((BigDecimal) raw).intValueExact();
                case TYPE_LONG -> ((BigDecimal) raw).longValueExact();
                case TYPE_FLOAT -> ((BigDecimal) raw).floatValue();
                case TYPE_FLOAT_NEGATIVE_ZERO -> -0.0f;
                case TYPE_DOUBLE -> ((BigDecimal) raw).doubleValue();
                case TYPE_DOUBLE_NEGATIVE_ZERO -> -0.0d;
                case TYPE_BOOLEAN -> (Boolean) raw;
                default -> throw new IllegalArgumentException("unknown metadata type " + t + " of key " + key);
            };
        } catch (ClassCastException | ArithmeticException e) {
            throw new IllegalArgumentException("metadata value of " + key + " does not fit its type " + t, e);
        }
    }

    private static String typeOf(Object value) {
        if (value instanceof UUID) {
            return TYPE_UUID;
        }
        if (value instanceof Integer) {
            return TYPE_INTEGER;
        }
        if (value instanceof Long) {
            return TYPE_LONG;
        }
        if (value instanceof Float f) {
            return Float.floatToRawIntBits(f) == Float.floatToRawIntBits(-0.0f) ? TYPE_FLOAT_NEGATIVE_ZERO : TYPE_FLOAT;
        }
        if (value instanceof Double d) {
            return Double.doubleToRawLongBits(d) == Double.doubleToRawLongBits(-0.0d)
                    ? TYPE_DOUBLE_NEGATIVE_ZERO : TYPE_DOUBLE;
        }
        return value instanceof Boolean ? TYPE_BOOLEAN : null;
    }

    private static void pair(StringBuilder b, String key, Object value) {
        quote(b, key);
        b.append(':');
        if (value instanceof Number n) {
            b.append(exact(n).toPlainString());
        } else if (value instanceof Boolean bool) {
            b.append(bool.booleanValue());
        } else {
            // A String, or a UUID as its canonical lower-case text.
            quote(b, value.toString());
        }
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Map<String, Object> object() {
            Map<String, Object> out = new LinkedHashMap<>();
            skipSpace();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                pos++;
                return out;
            }
            while (true) {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                out.put(key, value());
                skipSpace();
                char c = next();
                if (c == '}') {
                    return out;
                }
                if (c != ',') {
                    throw error();
                }
            }
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (text.startsWith("true", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("false", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            int start = pos;
            while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            if (start == pos) {
                throw error();
            }
            try {
                return new BigDecimal(text.substring(start, pos));
            } catch (NumberFormatException e) {
                throw error();
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char esc = next();
                switch (esc) {
                    case '"', '\\', '/' -> b.append(esc);
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error();
                        }
                        b.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> throw error();
                }
            }
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            if (pos >= text.length()) {
                throw error();
            }
            return text.charAt(pos);
        }

        private char next() {
            char c = peek();
            pos++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw error();
            }
        }

        private IllegalArgumentException error() {
            return new IllegalArgumentException("metadata is not a flat JSON object at offset " + pos);
        }
    }
}
