package dev.agentmemory.redis;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.Option;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The options that only the Redis provider reads, declared once. They are given like every other option: in the
 * {@link MemoryOptions} map, as a system property {@code agentmemory.<key>}, or as an environment variable
 * {@code AGENTMEMORY_<KEY>}.
 *
 * <p>The provider also reads the shared options of {@link MemoryOptions}, with their ranges and defaults:
 * {@code short-term.ttl}, {@code short-term.max-entries}, {@code connect}, {@code connect-timeout},
 * {@code response-timeout}, {@code close-timeout}, {@code client-name}, {@code pool.min-size}, {@code pool.max-size},
 * {@code pool.acquire-timeout}, {@code username} and {@code password}; {@link #all()} lists them all.
 *
 * <p>Constants only; thread-safe.
 */
public final class RedisOptions {

    private RedisOptions() {
    }

    /** Default of {@link #KEY_PREFIX}. */
    public static final String DEFAULT_KEY_PREFIX = "am";
    /** Longest {@link #KEY_PREFIX}. */
    public static final int MAX_KEY_PREFIX_LENGTH = 64;

    /**
     * First part of every key this store writes, 1 to {@value #MAX_KEY_PREFIX_LENGTH} characters of
     * {@code [A-Za-z0-9._:-]}; default {@value #DEFAULT_KEY_PREFIX}. Give each application (or each test) its own
     * prefix to keep their keys apart.
     */
    public static final Option<String> KEY_PREFIX = Option.string("redis.key-prefix", DEFAULT_KEY_PREFIX,
            Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_KEY_PREFIX_LENGTH + "}"),
            "1 to " + MAX_KEY_PREFIX_LENGTH + " characters of [A-Za-z0-9._:-]",
            "First part of every key the store writes; give each application its own.");

    /** How a TLS connection checks the server's certificate: the values of {@link #TLS_VERIFY}. */
    public enum TlsVerify {
        /** Trusted chain and matching host name. */
        STRICT,
        /** Trusted chain, any host name. */
        CA_ONLY,
        /** No check at all; tests only. */
        NONE
    }

    /**
     * How a TLS connection checks the server's certificate: {@code strict} (default: trusted chain and matching
     * host name), {@code ca-only} (trusted chain, any host name) or {@code none} (no check; tests only).
     */
    public static final Option<TlsVerify> TLS_VERIFY = Option.enumeration("redis.tls.verify", TlsVerify.class,
            TlsVerify.STRICT, "How a TLS connection checks the server's certificate: strict (trusted chain and "
                    + "host name), ca-only (trusted chain) or none (tests only).");
    /** Path of a trust store (PKCS12 or JKS) with the certificate authority of the server, for private CAs. */
    public static final Option<String> TLS_TRUSTSTORE = Option.string("redis.tls.truststore", null, null,
            "a readable trust store file", "Trust store (PKCS12 or JKS) with the server's certificate authority, "
                    + "for private CAs.");
    /** Password of {@link #TLS_TRUSTSTORE}. Never printed. */
    public static final Option<String> TLS_TRUSTSTORE_PASSWORD = Option.secret("redis.tls.truststore-password",
            "Password of redis.tls.truststore.");

    /** User name for the Sentinel processes themselves, when they require one (the data nodes use {@code username}). */
    public static final Option<String> SENTINEL_USERNAME = Option.string("redis.sentinel.username", null, null,
            "any text", "User name for the Sentinel processes themselves (the data nodes use username).");
    /** Password for the Sentinel processes themselves. Never printed. */
    public static final Option<String> SENTINEL_PASSWORD = Option.secret("redis.sentinel.password",
            "Password for the Sentinel processes themselves (the data nodes use password).");

    private static final List<Option<?>> ALL = List.of(MemoryOptions.SHORT_TERM_TTL,
            MemoryOptions.SHORT_TERM_MAX_ENTRIES, MemoryOptions.CONNECT, MemoryOptions.CONNECT_TIMEOUT,
            MemoryOptions.RESPONSE_TIMEOUT, MemoryOptions.CLOSE_TIMEOUT, MemoryOptions.CLIENT_NAME,
            MemoryOptions.POOL_MIN_SIZE, MemoryOptions.POOL_MAX_SIZE, MemoryOptions.POOL_ACQUIRE_TIMEOUT,
            MemoryOptions.USERNAME, MemoryOptions.PASSWORD, KEY_PREFIX, TLS_VERIFY, TLS_TRUSTSTORE,
            TLS_TRUSTSTORE_PASSWORD, SENTINEL_USERNAME, SENTINEL_PASSWORD);

    /**
     * Every option the Redis provider reads: the shared ones it uses, then its own.
     *
     * @return the options
     */
    public static List<Option<?>> all() {
        return ALL;
    }
}
