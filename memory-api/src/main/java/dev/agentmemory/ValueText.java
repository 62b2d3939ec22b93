package dev.agentmemory;

import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code toString} of the API's value types, in the form records use ({@code Type[name=value, ...]}), kept short:
 * text is quoted and cut after 40 characters (see {@link Requests#quote}), metadata shows its first pairs only, and a
 * {@link Vector} shows its first components only. A log line that prints a memory therefore stays one short line,
 * however large the memory.
 */
final class ValueText {

    /** How many metadata pairs are shown before the rest is summarised as a count. */
    private static final int SHOWN_PAIRS = 4;

    private final StringBuilder b;
    private boolean first = true;

    ValueText(String type) {
        b = new StringBuilder(type).append('[');
    }

    ValueText field(String name, @Nullable Object value) {
        b.append(first ? "" : ", ").append(name).append('=').append(value);
        first = false;
        return this;
    }

    ValueText text(String name, @Nullable String value) {
        return field(name, value == null ? null : Requests.quote(value));
    }

    ValueText metadata(Map<String, String> metadata) {
        return metadata(metadata.entrySet().iterator(), metadata.size());
    }

    ValueText metadata(Metadata metadata) {
        return metadata(metadata.asMap().entrySet().iterator(), metadata.size());
    }

    private ValueText metadata(Iterator<? extends Map.Entry<String, ?>> pairs, int size) {
        StringBuilder m = new StringBuilder("{");
        for (int i = 0; pairs.hasNext() && i < SHOWN_PAIRS; i++) {
            Map.Entry<String, ?> pair = pairs.next();
            m.append(i == 0 ? "" : ", ").append(Requests.quote(pair.getKey())).append('=')
                    .append(Metadata.literal(pair.getValue()));
        }
        if (size > SHOWN_PAIRS) {
            m.append(", ... (").append(size).append(" pairs)");
        }
        return field("metadata", m.append('}'));
    }

    /** Closes the text; call once, last. */
    String end() {
        return b.append(']').toString();
    }
}
