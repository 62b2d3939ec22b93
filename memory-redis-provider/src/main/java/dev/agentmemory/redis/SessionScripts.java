package dev.agentmemory.redis;

/**
 * The Lua scripts that read and write a session. Each runs atomically on the server; all take the session's keys
 * in the order of {@link KeyLayout#keys}: {@code KEYS[1]} ids, {@code KEYS[2]} entries, {@code KEYS[3]} seq. They
 * share one hash tag, so each script stays in one Cluster slot. Times come from the server's {@code TIME}, never
 * from a client clock. Constants only.
 */
final class SessionScripts {

    private SessionScripts() {
    }

    /**
     * Server time in milliseconds, as a Lua number, and {@code expiry(key)}: when the key expires, in Unix ms.
     * {@code PEXPIRETIME} (Redis 7) gives the stored instant, so two reads of an unchanged session agree to the
     * millisecond; on Redis 6.2 it falls back to now + PTTL. A key without expiry or without existence gives now.
     */
    private static final String NOW = "local t = redis.call('TIME')\n"
            + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
            + "local function expiry(key)\n"
            + "  local ok, at = pcall(redis.call, 'PEXPIRETIME', key)\n"
            + "  if not ok then\n"
            + "    local left = redis.call('PTTL', key)\n"
            + "    at = left > 0 and now + left or -1\n"
            + "  end\n"
            + "  if at > 0 then return at end\n"
            + "  return now\n"
            + "end\n";

    /**
     * Append one or more entries, each as a single append would be, in ARGV order. ARGV: an entry id and its body
     * for each entry, then max entries, then the TTL in ms (one entry: id, body, max entries, TTL). Returns one
     * payload per entry, in ARGV order, then the session expiry in Unix ms.
     * For each entry: if the id is already in the session, nothing is stored and the stored payload comes back
     * (idempotent); otherwise it gets the next sequence, is stored, and the oldest entries beyond max entries are
     * trimmed, so an entry trimmed by an earlier one of the same call is stored again, as by separate appends. In
     * the end the TTL of all three keys is refreshed, as for any append, also when every id was already there.
     *
     * <p>When the counter does not exist (a new session, or one that was cleared or expired with all its keys) it
     * starts from the server's time in microseconds: every sequence the session handed out before was its own start
     * plus one per append, and one script run takes more than a microsecond, so the new sequences are larger. Lua
     * numbers are doubles, exact below 2^53, which microseconds since 1970 stay under until the year 2255. This
     * relies on the server's clock not stepping back across a failover; within a living session only the counter
     * counts.
     */
    static final String APPEND = NOW
            + "local n = #ARGV - 2\n"
            + "local max = tonumber(ARGV[n + 1])\n"
            + "local ttl = tonumber(ARGV[n + 2])\n"
            + "local out = {}\n"
            + "for a = 1, n, 2 do\n"
            + "  local id = ARGV[a]\n"
            + "  local payload = redis.call('HGET', KEYS[2], id)\n"
            + "  if not payload then\n"
            + "    if redis.call('EXISTS', KEYS[3]) == 0 then\n"
            + "      redis.call('SET', KEYS[3], string.format('%d', tonumber(t[1]) * 1000000 + tonumber(t[2])))\n"
            + "    end\n"
            + "    local seq = redis.call('INCR', KEYS[3])\n"
            + "    payload = '" + EntryEncoding.VERSION + ";' .. string.format('%d', seq) .. ';' .. string.format('%d', now) .. ';' .. ARGV[a + 1]\n"
            + "    redis.call('HSET', KEYS[2], id, payload)\n"
            + "    redis.call('ZADD', KEYS[1], seq, id)\n"
            + "    local excess = redis.call('ZCARD', KEYS[1]) - max\n"
            + "    if excess > 0 then\n"
            + "      local old = redis.call('ZRANGE', KEYS[1], 0, excess - 1)\n"
            + "      redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1)\n"
            + "      for i = 1, #old do redis.call('HDEL', KEYS[2], old[i]) end\n"
            + "    end\n"
            + "  end\n"
            + "  out[#out + 1] = payload\n"
            + "end\n"
            + "for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl) end\n"
            + "out[#out + 1] = expiry(KEYS[2])\n"
            + "return out\n";

    /**
     * Recent. ARGV: limit. Returns {session expiry in Unix ms, id1, payload1, id2, payload2, ...}, oldest first.
     */
    static final String RECENT = NOW
            + "local ids = redis.call('ZRANGE', KEYS[1], -tonumber(ARGV[1]), -1)\n"
            + "local out = {expiry(KEYS[2])}\n"
            + "for i = 1, #ids do\n"
            + "  out[#out + 1] = ids[i]\n"
            + "  out[#out + 1] = redis.call('HGET', KEYS[2], ids[i])\n"
            + "end\n"
            + "return out\n";

    /** Get. ARGV: entry id. Returns {session expiry in Unix ms, payload or nil}. */
    static final String GET = NOW
            + "return {expiry(KEYS[2]), redis.call('HGET', KEYS[2], ARGV[1])}\n";

    /** Size. Returns the number of entries. */
    static final String SIZE = "return redis.call('ZCARD', KEYS[1])\n";

    /** Expire. ARGV: TTL in ms. Returns 1 if the session has entries (and its keys got the TTL), else 0. */
    static final String EXPIRE = "if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end\n"
            + "for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end\n"
            + "return 1\n";

    /**
     * Clear. Deletes all three keys, so a cleared session leaves nothing behind; the next append starts the counter
     * from the server's time, as after expiry, which keeps sequence numbers from being reused (see {@link #APPEND}).
     */
    static final String CLEAR = "return redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])\n";
}
