package dev.agentmemory;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The typed metadata of a long-term memory: up to {@value MemoryDefaults#MAX_METADATA_ENTRIES} pairs of a key and a
 * value, searchable with a {@link Filter}.
 *
 * <p>A value is one of seven types, and a store gives it back as the same type and value:
 * {@link String}, {@link UUID}, {@link Integer}, {@link Long}, {@link Float}, {@link Double} and {@link Boolean}.
 * A float or double must be finite (JSON, and so every backend's index, has no NaN or infinity); {@code -0.0} comes back
 * as {@code -0.0}. A key is 1 to {@value MemoryDefaults#MAX_METADATA_KEY_LENGTH} characters, a string value at most
 * {@value MemoryDefaults#MAX_METADATA_VALUE_LENGTH}; both are well-formed UTF-16 without NUL. Every rule is checked
 * when the metadata are made, before any I/O, with an {@link InvalidMemoryRequestException} that names the key.
 *
 * <p>How values compare in a filter is written once, in {@link Filter}.
 *
 * <p>Equal by value: two metadata are equal when they hold the same keys with values of the same type and equal
 * value ({@code Integer 1} and {@code Long 1} are different values, as in Java). Keys are kept in their natural
 * (UTF-16) order. Immutable and thread-safe.
 */
public final class Metadata {

    private static final Metadata EMPTY = new Metadata(Map.of());

    private final Map<String, Object> values;

    private Metadata(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * No pairs.
     *
     * @return the empty metadata
     */
    public static Metadata empty() {
        return EMPTY;
    }

    /**
     * Metadata from a map whose values are of the seven allowed types.
     *
     * @param values key to value; copied
     * @return the metadata
     * @throws InvalidMemoryRequestException if the map is null, has too many pairs, or a key or value breaks its rule;
     *     the message names the key
     */
    public static Metadata of(Map<String, ?> values) {
        return of("metadata", Requests.notNull("metadata", "values", values));
    }

    /**
     * Metadata from key-value pairs: {@code Metadata.of("project", "apollo", "priority", 3)}.
     *
     * @param keysAndValues an even number of arguments, keys at even positions
     * @return the metadata
     * @throws InvalidMemoryRequestException if the arguments are not pairs of a key and an allowed value
     */
    public static Metadata of(Object... keysAndValues) {
        Requests.notNull("metadata", "keysAndValues", keysAndValues);
        if (keysAndValues.length % 2 != 0) {
            throw Requests.invalid("metadata", "give keys and values in pairs, got " + keysAndValues.length
                    + " arguments");
        }
        Map<String, Object> map = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String key)) {
                throw Requests.invalid("metadata", "argument " + i + " must be a String key, got "
                        + (keysAndValues[i] == null ? "null" : keysAndValues[i].getClass().getSimpleName()));
            }
            if (map.containsKey(key)) {
                throw Requests.invalid("metadata", "key " + Requests.quote(key) + " is given twice");
            }
            map.put(key, Requests.notNull("metadata", "value of " + Requests.quote(key), keysAndValues[i + 1]));
        }
        return of(map);
    }

    /** Validates and copies; {@code operation} names the call in the error. */
    static Metadata of(String operation, @Nullable Map<String, ?> values) {
        if (Requests.notNull(operation, "metadata", values).isEmpty()) {
            return EMPTY;
        }
        if (values.size() > MemoryDefaults.MAX_METADATA_ENTRIES) {
            throw Requests.invalid(operation, "metadata has " + values.size() + " entries; the maximum is "
                    + MemoryDefaults.MAX_METADATA_ENTRIES);
        }
        Map<String, Object> copy = new TreeMap<>();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            String key = key(operation, e.getKey());
            copy.put(key, value(operation, "metadata value of " + Requests.quote(key), e.getValue()));
        }
        return new Metadata(Collections.unmodifiableMap(copy));
    }

    /**
     * Checks a metadata key: 1 to {@value MemoryDefaults#MAX_METADATA_KEY_LENGTH} characters of well-formed UTF-16
     * without NUL. Shared with {@link Filter}.
     */
    static String key(String operation, @Nullable String key) {
        if (key == null || key.isEmpty() || key.length() > MemoryDefaults.MAX_METADATA_KEY_LENGTH) {
            throw Requests.invalid(operation, "metadata keys must be 1 to " + MemoryDefaults.MAX_METADATA_KEY_LENGTH
                    + " characters, got " + (key == null ? "null" : Requests.quote(key)));
        }
        Requests.wellFormed(operation, "metadata key " + Requests.quote(key), key);
        Requests.noNul(operation, "metadata key", key);
        return key;
    }

    /** Checks a metadata value (or a filter's operand): one of the seven types, within its rule. */
    static Object value(String operation, String what, @Nullable Object value) {
        if (value == null) {
            throw Requests.invalid(operation, what + " must not be null");
        }
        if (value instanceof String s) {
            if (s.length() > MemoryDefaults.MAX_METADATA_VALUE_LENGTH) {
                throw Requests.invalid(operation, what + " is " + s.length() + " chars; the maximum is "
                        + MemoryDefaults.MAX_METADATA_VALUE_LENGTH);
            }
            Requests.wellFormed(operation, what, s);
            Requests.noNul(operation, what, s);
            return s;
        }
        if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            throw Requests.invalid(operation, what + " must be a finite number, got " + value);
        }
        if (value instanceof UUID || value instanceof Integer || value instanceof Long || value instanceof Float
                || value instanceof Double || value instanceof Boolean) {
            return value;
        }
        throw Requests.invalid(operation, what + " has type " + value.getClass().getName()
                + "; allowed: String, UUID, Integer, Long, Float, Double, Boolean");
    }

    /**
     * The number of pairs.
     *
     * @return 0 to {@value MemoryDefaults#MAX_METADATA_ENTRIES}
     */
    public int size() {
        return values.size();
    }

    /**
     * Whether there are no pairs.
     *
     * @return {@code true} when empty
     */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * Whether a key is present.
     *
     * @param key the key
     * @return {@code true} when the key has a value
     */
    public boolean containsKey(String key) {
        return values.containsKey(Requests.notNull("metadata", "key", key));
    }

    /**
     * The value of a key, of one of the seven types.
     *
     * @param key the key
     * @return the value, or {@code null} if the key is absent
     */
    public @Nullable Object get(String key) {
        return values.get(Requests.notNull("metadata", "key", key));
    }

    /**
     * The value of a key if it is a string.
     *
     * @param key the key
     * @return the string, or {@code null} if the key is absent or holds another type
     */
    public @Nullable String getString(String key) {
        return get(key) instanceof String s ? s : null;
    }

    /**
     * The keys, in natural order.
     *
     * @return the keys, unmodifiable
     */
    public Set<String> keys() {
        return values.keySet();
    }

    /**
     * The pairs as a map, in key order.
     *
     * @return an unmodifiable view
     */
    public Map<String, Object> asMap() {
        return values;
    }

    /**
     * These metadata with one more pair, replacing any value of the same key.
     *
     * @param key the key
     * @param value a value of one of the seven types
     * @return a copy
     * @throws InvalidMemoryRequestException if the key or value breaks its rule, or the pairs would be too many
     */
    public Metadata with(String key, Object value) {
        Map<String, Object> copy = new TreeMap<>(values);
        copy.put(key("metadata", key), value);
        return of(copy);
    }

    /**
     * The exact mathematical value of a numeric metadata value, as {@link Filter} compares numbers.
     *
     * @param number an Integer, Long, Float or Double (finite)
     * @return its exact value; {@code -0.0} and {@code 0.0} have the same value
     */
    static BigDecimal exact(Number number) {
        if (number instanceof Integer || number instanceof Long) {
            return BigDecimal.valueOf(number.longValue());
        }
        return new BigDecimal(number.doubleValue());
    }

    /**
     * Equal when the other holds the same keys with values of the same type and value.
     *
     * @param o the other object
     * @return whether they are equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Metadata m && values.equals(m.values);
    }

    /**
     * A hash of the pairs.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /**
     * The pairs, with each string value quoted and shortened, and each number marked with its type where Java's own
     * text would not tell it ({@code 3L}, {@code 1.5f}).
     *
     * @return for example {@code {priority=3L, project='apollo'}}
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        String sep = "";
        for (Map.Entry<String, Object> e : values.entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(literal(e.getValue()));
            sep = ", ";
        }
        return b.append('}').toString();
    }

    /** A value as it reads in {@link #toString()} and in a filter's text. */
    static String literal(Object value) {
        Objects.requireNonNull(value);
        if (value instanceof String s) {
            return Requests.quote(s);
        }
        if (value instanceof Long) {
            return value + "L";
        }
        if (value instanceof Float) {
            return value + "f";
        }
        if (value instanceof UUID) {
            return "uuid:" + value;
        }
        return value.toString();
    }
}
