package dev.agentmemory.tck;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The hostile identifiers of {@code hostile-ids.txt}: blank, oversized, with key-pattern, hash-tag, path, SQL and
 * control characters, non-ASCII. Each line is decoded with {@link String#translateEscapes()}.
 */
final class HostileIds {

    private static final String RESOURCE = "hostile-ids.txt";

    private HostileIds() {
    }

    /**
     * One hostile id.
     *
     * @param line its line in the resource (1-based)
     * @param value the decoded id
     */
    record HostileId(int line, String value) {
        /** Printable in a test name: control and non-ASCII characters escaped, long values shortened. */
        @Override
        public String toString() {
            return "line " + line + ": " + printable(value);
        }
    }

    /**
     * A value printable in a test name or message: in quotes, control and non-ASCII characters escaped (so an unpaired
     * surrogate shows as a backslash-u escape), long values shortened.
     */
    static String printable(String value) {
        StringBuilder b = new StringBuilder("\"");
        int shown = Math.min(value.length(), 24);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
        if (shown < value.length()) {
            b.append("... (").append(value.length()).append(" chars)");
        }
        return b.toString();
    }

    /** @return every hostile id, in file order (JUnit {@code @MethodSource}) */
    static Stream<HostileId> all() {
        return load().stream();
    }

    static List<HostileId> load() {
        try (InputStream in = HostileIds.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the TCK jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<HostileId> ids = new ArrayList<>();
            String line;
            int number = 0;
            boolean header = true;
            while ((line = reader.readLine()) != null) {
                number++;
                if (header && line.startsWith("#")) {
                    continue;
                }
                header = false;
                ids.add(new HostileId(number, line.translateEscapes()));
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
