package dev.agentmemory.redis;

/**
 * Names and defaults of the options that only the Redis provider reads. They are given like every other
 * option: in the {@link dev.agentmemory.MemoryOptions} map, as a system property {@code agentmemory.<key>}, or as
 * an environment variable {@code AGENTMEMORY_<KEY>}.
 *
 * <p>The provider also reads the shared options of {@link dev.agentmemory.MemoryOptions}: {@code short-term.ttl},
 * {@code short-term.max-entries}, {@code connect}, {@code connect-timeout}, {@code response-timeout},
 * {@code close-timeout}, {@code client-name}, {@code pool.min-size}, {@code pool.max-size}, {@code username} and
 * {@code password}, with the defaults of {@link dev.agentmemory.MemoryDefaults} (the client name defaults to
 * {@value #DEFAULT_CLIENT_NAME}).
 *
 * <p>Constants only; thread-safe.
 */
public final class RedisOptions {

    private RedisOptions() {
    }

    /**
     * First part of every key this store writes, 1 to {@value #MAX_KEY_PREFIX_LENGTH} characters of
     * {@code [A-Za-z0-9._:-]}. Give each application (or each test) its own prefix to keep their keys apart.
     */
    public static final String KEY_PREFIX = "redis.key-prefix";
    /** Default of {@link #KEY_PREFIX}. */
    public static final String DEFAULT_KEY_PREFIX = "am";
    /** Longest {@link #KEY_PREFIX}. */
    public static final int MAX_KEY_PREFIX_LENGTH = 64;

    /** Default of the shared {@code client-name} option: the name every connection of the store carries. */
    public static final String DEFAULT_CLIENT_NAME = "agentmemory";

    /**
     * How a TLS connection checks the server's certificate: {@code strict} (default: trusted chain and matching
     * host name), {@code ca-only} (trusted chain, any host name) or {@code none} (no check; tests only).
     */
    public static final String TLS_VERIFY = "redis.tls.verify";
    /** Path of a trust store (PKCS12 or JKS) with the certificate authority of the server, for private CAs. */
    public static final String TLS_TRUSTSTORE = "redis.tls.truststore";
    /** Password of {@link #TLS_TRUSTSTORE}. Never printed. */
    public static final String TLS_TRUSTSTORE_PASSWORD = "redis.tls.truststore-password";

    /** User name for the Sentinel processes themselves, when they require one (the data nodes use {@code username}). */
    public static final String SENTINEL_USERNAME = "redis.sentinel.username";
    /** Password for the Sentinel processes themselves. Never printed. */
    public static final String SENTINEL_PASSWORD = "redis.sentinel.password";
}
