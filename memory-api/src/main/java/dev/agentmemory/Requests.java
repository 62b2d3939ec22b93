package dev.agentmemory;

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

    static String id(String operation, String what, @Nullable String value) {
        if (value == null) {
            throw invalid(operation, what + " must not be null");
        }
        if (!ID.matcher(value).matches()) {
            throw invalid(operation, what + " must be 1 to " + MemoryDefaults.MAX_ID_LENGTH
                    + " characters of [A-Za-z0-9._:@-], got " + quote(value));
        }
        return value;
    }

    static String content(String operation, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            throw invalid(operation, "content must not be empty");
        }
        if (value.length() > MemoryDefaults.MAX_CONTENT_LENGTH) {
            throw invalid(operation, "content is " + value.length() + " chars; the maximum is "
                    + MemoryDefaults.MAX_CONTENT_LENGTH);
        }
        noNul(operation, "content", value);
        return value;
    }

    static double unitInterval(String operation, String what, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw invalid(operation, what + " must be in [0, 1], got " + value);
        }
        return value;
    }

    static Map<String, String> metadata(String operation, @Nullable Map<String, String> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return Map.of();
        }
        if (metadata.size() > MemoryDefaults.MAX_METADATA_ENTRIES) {
            throw invalid(operation, "metadata has " + metadata.size() + " entries; the maximum is "
                    + MemoryDefaults.MAX_METADATA_ENTRIES);
        }
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (key == null || key.isEmpty() || key.length() > MemoryDefaults.MAX_METADATA_KEY_LENGTH) {
                throw invalid(operation, "metadata keys must be 1 to " + MemoryDefaults.MAX_METADATA_KEY_LENGTH
                        + " characters, got " + (key == null ? "null" : quote(key)));
            }
            if (value == null) {
                throw invalid(operation, "metadata value of " + quote(key) + " must not be null");
            }
            if (value.length() > MemoryDefaults.MAX_METADATA_VALUE_LENGTH) {
                throw invalid(operation, "metadata value of " + quote(key) + " is " + value.length()
                        + " chars; the maximum is " + MemoryDefaults.MAX_METADATA_VALUE_LENGTH);
            }
            noNul(operation, "metadata key", key);
            noNul(operation, "metadata value of " + quote(key), value);
            copy.put(key, value);
        }
        return Map.copyOf(copy);
    }

    static float @Nullable [] vector(String operation, float @Nullable [] vector) {
        if (vector == null) {
            return null;
        }
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

    private static void noNul(String operation, String what, String value) {
        if (value.indexOf('\0') >= 0) {
            throw invalid(operation, what + " contains U+0000, which backends such as PostgreSQL cannot store");
        }
    }

    /** Quotes a value for a message, shortened and with control characters escaped so the message stays one line. */
    static String quote(String value) {
        StringBuilder b = new StringBuilder("'");
        int shown = Math.min(value.length(), 40);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
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
