package dev.agentmemory.bench.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The baseline that common chat-memory stores implement: a session's whole history is one JSON value under one
 * key. Every append reads it ({@code GET}), parses it, adds the turn, drops the oldest turns beyond the window,
 * serializes it and writes it all back with the TTL ({@code SET ... PX}). Two round trips and the whole history
 * over the socket twice, per append; not atomic either (two writers can lose each other's turn), which the
 * benchmark does not exercise: each thread has its own session. Thread-safe.
 */
final class FullRewriteHistory {

    /**
     * One turn, as such stores serialize it.
     *
     * @param id the turn id
     * @param role who spoke
     * @param content the text
     * @param createdAt epoch milliseconds
     */
    record Turn(String id, String role, String content, long createdAt) {
    }

    private static final TypeReference<List<Turn>> TURNS = new TypeReference<>() {
    };

    private final RedissonClient client;
    private final ObjectMapper json = new ObjectMapper();
    private final int window;
    private final Duration ttl;

    /**
     * @param client the Redisson client (string codec)
     * @param window most turns kept
     * @param ttl the sliding TTL of the value
     */
    FullRewriteHistory(RedissonClient client, int window, Duration ttl) {
        this.client = client;
        this.window = window;
        this.ttl = ttl;
    }

    /**
     * Appends one turn: read everything, add, trim, write everything back.
     *
     * @param key the session's key
     * @param turn the turn
     * @return how many turns the session holds now
     */
    int append(String key, Turn turn) {
        RBucket<String> bucket = client.getBucket(key, StringCodec.INSTANCE);
        List<Turn> turns = read(bucket.get());
        turns.add(turn);
        if (turns.size() > window) {
            turns.subList(0, turns.size() - window).clear();
        }
        bucket.set(write(turns), ttl);
        return turns.size();
    }

    /**
     * Writes a whole history at once (to fill a session before measuring).
     *
     * @param key the session's key
     * @param turns the turns
     */
    void replace(String key, List<Turn> turns) {
        client.getBucket(key, StringCodec.INSTANCE).set(write(turns), ttl);
    }

    /**
     * @param key the session's key
     * @return the turns now
     */
    List<Turn> history(String key) {
        RBucket<String> bucket = client.getBucket(key, StringCodec.INSTANCE);
        return read(bucket.get());
    }

    private List<Turn> read(@Nullable String value) {
        if (value == null) {
            return new ArrayList<>();
        }
        try {
            return json.readValue(value, TURNS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the full-rewrite history is not valid JSON", e);
        }
    }

    private String write(List<Turn> turns) {
        try {
            return json.writeValueAsString(turns);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the full-rewrite history", e);
        }
    }
}
