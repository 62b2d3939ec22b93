package dev.agentmemory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The validation rules that records and stores share; every rule throws {@link InvalidMemoryRequestException}. */
final class Requests {

    static final String CLIENT = "client-side validation";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1," + MemoryDefaults.MAX_ID_LENGTH + "}");

    private Requests() {
    }

    static InvalidMemoryRequestException invalid(String operation, String detail) {
        return new InvalidMemoryRequestException(CLIENT, operation, detail);
    }

    /** {@code value}, or an error naming {@code what} if it is null. */
    static <T> T notNull(String operation, String what, @Nullable T value) {
        if (value == null) {
            throw invalid(operation, what + " must not be null");
        }
        return value;
    }

    /** {@code value}, or an error naming {@code what} if a builder was built without it. */
    static <T> T required(String operation, String what, @Nullable T value) {
        if (value == null) {
            throw invalid(operation, what + " must be set");
        }
        return value;
    }

    static String id(String operation, String what, @Nullable String value) {
        wellFormed(operation, what, notNull(operation, what, value));
        if (!ID.matcher(value).matches()) {
            throw invalid(operation, what + " must be 1 to " + MemoryDefaults.MAX_ID_LENGTH
                    + " characters of [A-Za-z0-9._:@-], got " + quote(value));
        }
        return value;
    }

    /** Checks the text of an entry, a memory or a query (named {@code what}): 1 to the maximum chars, well-formed, no U+0000. */
    static String content(String operation, String what, @Nullable String value) {
        if (notNull(operation, what, value).isEmpty()) {
            throw invalid(operation, what + " must not be empty");
        }
        if (value.length() > MemoryDefaults.MAX_CONTENT_LENGTH) {
            throw invalid(operation, what + " is " + value.length() + " chars; the maximum is "
                    + MemoryDefaults.MAX_CONTENT_LENGTH);
        }
        wellFormed(operation, what, value);
        noNul(operation, what, value);
        return value;
    }

    /**
     * Rejects text that is not well-formed UTF-16: a high surrogate not followed by a low one, or a low surrogate
     * not preceded by a high one. Such text has no UTF-8 form, so a backend would store a replacement character
     * instead (Redis and PostgreSQL store {@code ?}), and two metadata keys that differ only in their unpaired
     * surrogate would become one key, losing a pair without an error.
     */
    static String wellFormed(String operation, String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw invalid(operation, what + " has an unpaired surrogate " + String.format("\\u%04X", (int) c)
                        + " at index " + i + "; text must be well-formed UTF-16 (every surrogate in a pair)");
            }
        }
        return value;
    }

    /**
     * Checks an instant that a caller gives a store (an expiry) and truncates it to whole microseconds, the finest
     * precision every backend keeps (PostgreSQL's {@code timestamptz}): every provider then stores and returns the
     * same instant. The truncated instant must lie in [{@link MemoryDefaults#MIN_INSTANT},
     * {@link MemoryDefaults#MAX_INSTANT}].
     */
    static @Nullable Instant instant(String operation, String what, @Nullable Instant value) {
        if (value == null) {
            return null;
        }
        Instant micros = value.truncatedTo(ChronoUnit.MICROS);
        if (micros.isBefore(MemoryDefaults.MIN_INSTANT) || micros.isAfter(MemoryDefaults.MAX_INSTANT)) {
            throw invalid(operation, what + " must be from " + MemoryDefaults.MIN_INSTANT + " to "
                    + MemoryDefaults.MAX_INSTANT + ", got " + value);
        }
        return micros;
    }

    static double unitInterval(String operation, String what, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw invalid(operation, what + " must be in [0, 1], got " + value);
        }
        return value;
    }

    /** String metadata (a short-term entry's) by the rules of {@link Metadata}, whose values here are all strings. */
    static Map<String, String> metadata(String operation, @Nullable Map<String, String> metadata) {
        Map<String, String> copy = new LinkedHashMap<>();
        Metadata.of(operation, metadata).asMap().forEach((key, value) -> copy.put(key, (String) value));
        return Map.copyOf(copy);
    }

    /**
     * Checks a vector's components, the one place where the rules of {@link Vector} live: 1 to the maximum dimension,
     * every component finite, not all zero. Returns a copy, so that the caller's array is never shared.
     */
    static float[] vector(String operation, float @Nullable [] vector) {
        notNull(operation, "vector", vector);
        if (vector.length == 0 || vector.length > MemoryDefaults.MAX_EMBEDDING_DIMENSION) {
            throw invalid(operation, "vector dimension must be 1 to " + MemoryDefaults.MAX_EMBEDDING_DIMENSION
                    + ", got " + vector.length);
        }
        double norm = 0;
        for (int i = 0; i < vector.length; i++) {
            float v = vector[i];
            if (!Float.isFinite(v)) {
                throw invalid(operation, "vector component " + i + " is " + v + "; every component must be finite");
            }
            norm += (double) v * v;
        }
        if (norm == 0) {
            throw invalid(operation, "vector must not be all zeros: its cosine similarity is undefined");
        }
        return vector.clone();
    }

    static void noNul(String operation, String what, String value) {
        if (value.indexOf('\0') >= 0) {
            throw invalid(operation, what + " contains U+0000, which backends such as PostgreSQL cannot store");
        }
    }

    /**
     * Quotes a value for a message, shortened and with control characters and unpaired surrogates escaped, so the
     * message stays one line of well-formed text.
     */
    static String quote(String value) {
        StringBuilder b = new StringBuilder("'");
        int shown = Math.min(value.length(), 40);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                b.append(c).append(value.charAt(++i));
            } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (shown < value.length()) {
            b.append("...' (").append(value.length()).append(" chars)");
        } else {
            b.append('\'');
        }
        return b.toString();
    }
}
