package dev.agentmemory.bench.redis;

import dev.agentmemory.MemoryDefaults;
import java.util.List;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;

/**
 * The raw floor: the provider's own Lua scripts on the provider's own keys, sent with a Redisson client configured
 * like the provider's ({@code RedissonConfigs}: string codec, script cache so every call is an {@code EVALSHA},
 * no driver retries, 2 Netty and 2 executor threads, the provider's default pool of 2 to 10 connections), and no
 * agentmemory code in between: no validation, no payload encoding or decoding, no error translation. What the
 * provider adds on top of this is its overhead. Thread-safe; close it when done.
 */
final class RawRedis implements AutoCloseable {

    private final RedissonClient client;
    private final RScript script;

    /**
     * Connects now.
     *
     * @param uri {@code redis://host:port}
     * @param clientName the name the connections carry
     */
    RawRedis(String uri, String clientName) {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.setNettyThreads(2);
        config.setThreads(2);
        config.setUseScriptCache(true);
        SingleServerConfig single = config.useSingleServer();
        single.setAddress(uri);
        single.setConnectionMinimumIdleSize(MemoryDefaults.POOL_MIN_SIZE);
        single.setConnectionPoolSize(MemoryDefaults.POOL_MAX_SIZE);
        single.setSubscriptionConnectionMinimumIdleSize(0);
        single.setSubscriptionConnectionPoolSize(1);
        single.setRetryAttempts(0);
        single.setTimeout(Math.toIntExact(MemoryDefaults.RESPONSE_TIMEOUT.toMillis()));
        single.setConnectTimeout(Math.toIntExact(MemoryDefaults.CONNECT_TIMEOUT.toMillis()));
        single.setClientName(clientName);
        single.setKeepAlive(true);
        this.client = Redisson.create(config);
        this.script = client.getScript(StringCodec.INSTANCE);
    }

    /** @return the Redisson client, for the full-rewrite store that shares it */
    RedissonClient client() {
        return client;
    }

    /**
     * The provider's append script, as the provider sends it.
     *
     * @param keys {@link ProviderScripts#keys}
     * @param id the entry id
     * @param body {@link Turns#body}
     * @param maxEntries the session's window
     * @param ttlMillis the sliding TTL
     * @return the script's reply: payload, TTL left, server time
     */
    List<Object> append(List<Object> keys, String id, String body, int maxEntries, long ttlMillis) {
        return script.eval((String) keys.get(0), RScript.Mode.READ_WRITE, ProviderScripts.APPEND,
                RScript.ReturnType.MULTI, keys, id, body, Integer.toString(maxEntries), Long.toString(ttlMillis));
    }

    /**
     * The provider's recent script: one range read of ids and their payloads, not decoded.
     *
     * @param keys {@link ProviderScripts#keys}
     * @param limit how many
     * @return TTL left, server time, then id and payload pairs, oldest first
     */
    List<Object> recent(List<Object> keys, int limit) {
        return script.eval((String) keys.get(0), RScript.Mode.READ_WRITE, ProviderScripts.RECENT,
                RScript.ReturnType.MULTI, keys, Integer.toString(limit));
    }

    /**
     * Deletes every key under a prefix (SCAN, then DEL), for cleaning up after a benchmark.
     *
     * @param prefix a prefix of this run, never a bare {@code *}
     * @return how many keys went
     */
    long deleteUnder(String prefix) {
        if (prefix.isBlank() || prefix.contains("*")) {
            throw new IllegalArgumentException("refusing to delete keys under '" + prefix + "'");
        }
        return client.getKeys().deleteByPattern(prefix + "*");
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
