package dev.agentmemory.redis;

import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.NewEntry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payload of one entry, as stored in the session's {@code entries} hash. Version 1, compact text that
 * {@code redis-cli} shows as it is:
 *
 * <pre>
 * payload  = "1;" sequence ";" created-at-millis ";" body        (the append script writes the header)
 * body     = importance ";" str(role) str(content) count ";" { str(key) str(value) }
 * str(x)   = length(x) ":" x                                     (length in UTF-16 code units)
 * </pre>
 *
 * For example {@code 1;7;1732582917123;0.5;4:user11:hello world1;4:lang2:en}. Lengths make every character
 * legal in content and metadata without escaping. The leading version lets a later encoding live next to this
 * one: a reader that meets a version it does not know fails with a clear message instead of misreading.
 * Stateless.
 */
final class EntryEncoding {

    /** The version this class writes. */
    static final String VERSION = "1";

    private EntryEncoding() {
    }

    /**
     * The client-side part of the payload; the append script puts the header in front.
     *
     * @param entry the entry
     * @return the body
     */
    static String body(NewEntry entry) {
        StringBuilder b = new StringBuilder(entry.content().length() + 32);
        b.append(entry.importance()).append(';');
        str(b, entry.role());
        str(b, entry.content());
        b.append(entry.metadata().size()).append(';');
        for (Map.Entry<String, String> e : entry.metadata().entrySet()) {
            str(b, e.getKey());
            str(b, e.getValue());
        }
        return b.toString();
    }

    private static void str(StringBuilder b, String s) {
        b.append(s.length()).append(':').append(s);
    }

    /**
     * Reads a stored payload.
     *
     * @param backend the address, for the error
     * @param operation the operation that reads, for the error
     * @param id the entry id (the hash field)
     * @param payload the stored value
     * @param expiresAt when the session expires
     * @return the entry
     * @throws MemoryConfigurationException if the payload is not a version this class reads, or is damaged
     */
    static MemoryEntry decode(String backend, String operation, String id, String payload, Instant expiresAt) {
        Reader r = new Reader(backend, operation, id, payload);
        String version = r.until(';');
        if (!version.equals(VERSION)) {
            throw new MemoryConfigurationException(backend, operation, "entry '" + id + "' has payload encoding version '"
                    + version + "'; this provider reads version " + VERSION
                    + ". Was it written by a newer agentmemory, or does another application use this key prefix?");
        }
        long sequence = r.number();
        Instant createdAt = Instant.ofEpochMilli(r.number());
        double importance = r.decimal();
        String role = r.str();
        String content = r.str();
        int count = (int) r.number();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            metadata.put(r.str(), r.str());
        }
        r.end();
        return MemoryEntry.builder().id(id).sequence(sequence).role(role).content(content).metadata(metadata)
                .importance(importance).createdAt(createdAt).expiresAt(expiresAt).build();
    }

    /** A cursor over one payload; every malformation ends in the same clear error. */
    private static final class Reader {
        private final String backend;
        private final String operation;
        private final String id;
        private final String s;
        private int pos;

        Reader(String backend, String operation, String id, String s) {
            this.backend = backend;
            this.operation = operation;
            this.id = id;
            this.s = s;
        }

        String until(char c) {
            int end = s.indexOf(c, pos);
            if (end < 0) {
                throw damaged();
            }
            String out = s.substring(pos, end);
            pos = end + 1;
            return out;
        }

        long number() {
            try {
                return Long.parseLong(until(';'));
            } catch (NumberFormatException e) {
                throw damaged();
            }
        }

        double decimal() {
            try {
                return Double.parseDouble(until(';'));
            } catch (NumberFormatException e) {
                throw damaged();
            }
        }

        String str() {
            int length;
            try {
                length = Integer.parseInt(until(':'));
            } catch (NumberFormatException e) {
                throw damaged();
            }
            if (length < 0 || pos + length > s.length()) {
                throw damaged();
            }
            String out = s.substring(pos, pos + length);
            pos += length;
            return out;
        }

        void end() {
            if (pos != s.length()) {
                throw damaged();
            }
        }

        private MemoryConfigurationException damaged() {
            return new MemoryConfigurationException(backend, operation, "entry '" + id + "' has a damaged payload "
                    + "(encoding version " + VERSION + "); does another application write under this key prefix?");
        }
    }
}
