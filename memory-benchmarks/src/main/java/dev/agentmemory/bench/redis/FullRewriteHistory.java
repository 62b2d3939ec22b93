package dev.agentmemory.bench.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The baseline that common chat-memory stores implement: a session's whole history is one JSON value under one
 * key. Every append reads it ({@code GET}), parses it, adds the turn, drops the oldest turns beyond the window,
 * serializes it and writes it all back with the TTL ({@code SET ... PX}). Two round trips and the whole history
 * over the socket twice, per append; not atomic either (two writers can lose each other's turn), which the
 * benchmark does not exercise: each thread has its own session. The history is a list of {@link Turn}s in Jackson's
 * JSON ({@link #turns}), or of anything with its own JSON codec (LangChain4j's chat messages, for
 * {@link FullRewriteChatMemoryStore}). Thread-safe.
 *
 * @param <T> what the history holds
 */
final class FullRewriteHistory<T> {

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
    private final int window;
    private final Duration ttl;
    private final Function<String, List<T>> read;
    private final Function<List<T>, String> write;

    /**
     * @param client the Redisson client (string codec)
     * @param window most items kept by {@link #append}
     * @param ttl the sliding TTL of the value
     * @param read parses the stored JSON into a mutable list
     * @param write serializes the list
     */
    FullRewriteHistory(RedissonClient client, int window, Duration ttl, Function<String, List<T>> read,
                       Function<List<T>, String> write) {
        this.client = client;
        this.window = window;
        this.ttl = ttl;
        this.read = read;
        this.write = write;
    }

    /**
     * A history of {@link Turn}s in Jackson's JSON.
     *
     * @param client the Redisson client (string codec)
     * @param window most turns kept
     * @param ttl the sliding TTL of the value
     * @return the history
     */
    static FullRewriteHistory<Turn> turns(RedissonClient client, int window, Duration ttl) {
        ObjectMapper json = new ObjectMapper();
        return new FullRewriteHistory<>(client, window, ttl, value -> {
            try {
                return json.readValue(value, TURNS);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the full-rewrite history is not valid JSON", e);
            }
        }, turns -> {
            try {
                return json.writeValueAsString(turns);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialize the full-rewrite history", e);
            }
        });
    }

    /**
     * Appends one turn: read everything, add, trim, write everything back.
     *
     * @param key the session's key
     * @param turn the turn
     * @return how many turns the session holds now
     */
    int append(String key, T turn) {
        RBucket<String> bucket = client.getBucket(key, StringCodec.INSTANCE);
        List<T> turns = parse(bucket.get());
        turns.add(turn);
        if (turns.size() > window) {
            turns.subList(0, turns.size() - window).clear();
        }
        bucket.set(write.apply(turns), ttl);
        return turns.size();
    }

    /**
     * Writes a whole history at once (to fill a session before measuring).
     *
     * @param key the session's key
     * @param turns the turns
     */
    void replace(String key, List<T> turns) {
        client.getBucket(key, StringCodec.INSTANCE).set(write.apply(turns), ttl);
    }

    /**
     * @param key the session's key
     * @return the turns now (a mutable list; empty if there is no value)
     */
    List<T> history(String key) {
        RBucket<String> bucket = client.getBucket(key, StringCodec.INSTANCE);
        return parse(bucket.get());
    }

    /**
     * Deletes the value ({@code DEL}).
     *
     * @param key the session's key
     */
    void delete(String key) {
        client.getBucket(key, StringCodec.INSTANCE).delete();
    }

    private List<T> parse(@Nullable String value) {
        return value == null ? new ArrayList<>() : new ArrayList<>(read.apply(value));
    }
}
