package dev.agentmemory.postgres;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.JSONB;

/**
 * Metadata (string pairs) to and from the {@code jsonb} columns. Writing escapes per RFC 8259; reading
 * parses the flat object PostgreSQL prints for such a value. Stateless and thread-safe.
 */
final class MetadataJson {

    private MetadataJson() {
    }

    /** @param metadata string pairs @return a JSON object, keys sorted */
    static JSONB toJson(Map<String, String> metadata) {
        StringBuilder b = new StringBuilder("{");
        String sep = "";
        for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
            b.append(sep);
            quote(b, e.getKey());
            b.append(':');
            quote(b, e.getValue());
            sep = ",";
        }
        return JSONB.valueOf(b.append('}').toString());
    }

    /**
     * @param json a flat JSON object of strings, or null
     * @return the pairs
     * @throws IllegalArgumentException if the text is not such an object
     */
    static Map<String, String> fromJson(JSONB json) {
        if (json == null || json.data() == null) {
            return Map.of();
        }
        Parser p = new Parser(json.data());
        return p.object();
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

        Map<String, String> object() {
            Map<String, String> out = new LinkedHashMap<>();
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
                out.put(key, string());
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
            return new IllegalArgumentException("metadata is not a flat JSON object of strings at offset " + pos);
        }
    }
}
