package dev.agentmemory.redis;

import dev.agentmemory.SessionRef;
import java.util.List;

/**
 * Where a session lives in Redis. Every key of a session shares one hash tag, so one Lua script can touch them all
 * on a Redis Cluster:
 *
 * <pre>
 * &lt;prefix&gt;:{&lt;tenant&gt;/&lt;agent&gt;/&lt;session&gt;}:ids      ZSET   member = entry id, score = sequence
 * &lt;prefix&gt;:{&lt;tenant&gt;/&lt;agent&gt;/&lt;session&gt;}:entries  HASH   field = entry id, value = payload (see {@link EntryEncoding})
 * &lt;prefix&gt;:{&lt;tenant&gt;/&lt;agent&gt;/&lt;session&gt;}:seq      STRING last sequence number handed out
 * </pre>
 *
 * Ids are limited to {@code [A-Za-z0-9._:@-]}, which has neither {@code /} nor braces, and the prefix has no
 * braces: so no two different (tenant, agent, session) triples map to the same keys, and the hash tag is exactly
 * the triple. Immutable.
 */
final class KeyLayout {

    /** The ZSET of entry ids by sequence. */
    static final String IDS = "ids";
    /** The HASH of payloads by entry id. */
    static final String ENTRIES = "entries";
    /** The sequence counter. */
    static final String SEQ = "seq";

    private final String prefix;

    KeyLayout(String prefix) {
        this.prefix = prefix;
    }

    /** @return the key prefix */
    String prefix() {
        return prefix;
    }

    /** @param session the session @return its hash tag, with braces: {@code {tenant/agent/session}} */
    String tag(SessionRef session) {
        return "{" + session.scope().tenant() + "/" + session.scope().agent() + "/" + session.session() + "}";
    }

    /** @param session the session @param kind {@link #IDS}, {@link #ENTRIES} or {@link #SEQ} @return the key */
    String key(SessionRef session, String kind) {
        return prefix + ":" + tag(session) + ":" + kind;
    }

    /** @param session the session @return the ids, entries and seq keys, in that order (the scripts' KEYS) */
    List<Object> keys(SessionRef session) {
        String base = prefix + ":" + tag(session) + ":";
        return List.of(base + IDS, base + ENTRIES, base + SEQ);
    }
}
