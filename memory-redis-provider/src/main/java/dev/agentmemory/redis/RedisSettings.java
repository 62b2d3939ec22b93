package dev.agentmemory.redis;

import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Everything the store reads from {@link MemoryOptions}, validated once when the store opens. Immutable.
 *
 * @param keyPrefix first part of every key
 * @param ttl sliding TTL of a session
 * @param maxEntries entries kept per session
 * @param connectMode lazy or eager
 * @param connectTimeout TCP connect timeout
 * @param responseTimeout how long one command may wait for its reply
 * @param closeTimeout upper bound on {@code close()}
 * @param clientName the name every connection carries ({@code CLIENT SETNAME})
 * @param poolMinSize idle connections kept per node once connected
 * @param poolMaxSize most connections per node
 * @param poolAcquireTimeout how long a call waits for a free connection before {@link dev.agentmemory.MemoryBusyException}
 * @param tlsVerify how a TLS connection checks the server
 * @param truststore trust store file, or {@code null} for the JVM's default trust
 * @param truststorePassword its password, or {@code null}
 * @param sentinelUsername user name for the Sentinels, or {@code null}
 * @param sentinelPassword password for the Sentinels, or {@code null}
 */
record RedisSettings(String keyPrefix, Duration ttl, int maxEntries, MemoryOptions.ConnectMode connectMode,
                     Duration connectTimeout, Duration responseTimeout, Duration closeTimeout, String clientName,
                     int poolMinSize, int poolMaxSize, Duration poolAcquireTimeout, TlsVerify tlsVerify, @Nullable Path truststore,
                     @Nullable String truststorePassword, @Nullable String sentinelUsername,
                     @Nullable String sentinelPassword) {

    /** How a TLS connection checks the server's certificate. */
    enum TlsVerify {
        /** Trusted chain and matching host name. */
        STRICT,
        /** Trusted chain, any host name. */
        CA_ONLY,
        /** No check at all. */
        NONE
    }

    /** Most entries a session may be configured to keep. */
    static final int MAX_MAX_ENTRIES = 100_000;
    /** Longest TTL accepted, the same bound as {@code expire}. */
    static final Duration MAX_TTL = Duration.ofDays(3650);
    private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9._:-]{1," + RedisOptions.MAX_KEY_PREFIX_LENGTH + "}");
    private static final Pattern CLIENT_NAME = Pattern.compile("[!-~&&[^{}]]{1,64}");

    /** Hides the passwords. */
    @Override
    public String toString() {
        return "RedisSettings{keyPrefix=" + keyPrefix + ", ttl=" + ttl + ", maxEntries=" + maxEntries
                + ", connect=" + connectMode + ", connectTimeout=" + connectTimeout + ", responseTimeout="
                + responseTimeout + ", closeTimeout=" + closeTimeout + ", clientName=" + clientName + ", pool="
                + poolMinSize + ".." + poolMaxSize + ", poolAcquireTimeout=" + poolAcquireTimeout + ", tlsVerify=" + tlsVerify + "}";
    }

    /**
     * Reads and checks the options.
     *
     * @param options the options
     * @return the settings
     * @throws dev.agentmemory.MemoryConfigurationException naming the option, the bad value and what is allowed
     */
    static RedisSettings from(MemoryOptions options) {
        String prefix = options.getString(RedisOptions.KEY_PREFIX, RedisOptions.DEFAULT_KEY_PREFIX);
        if (!KEY_PREFIX.matcher(prefix).matches()) {
            throw MemoryOptions.bad(RedisOptions.KEY_PREFIX, prefix, "1 to " + RedisOptions.MAX_KEY_PREFIX_LENGTH
                    + " characters of [A-Za-z0-9._:-]");
        }
        Duration ttl = options.getDuration(MemoryOptions.SHORT_TERM_TTL, MemoryDefaults.SHORT_TERM_TTL);
        if (ttl.compareTo(MAX_TTL) > 0 || ttl.toMillis() < 1) {
            throw MemoryOptions.bad(MemoryOptions.SHORT_TERM_TTL, ttl.toString(), "from 1ms to 3650 days");
        }
        int maxEntries = options.getInt(MemoryOptions.SHORT_TERM_MAX_ENTRIES, MemoryDefaults.SHORT_TERM_MAX_ENTRIES,
                1, MAX_MAX_ENTRIES);
        Duration connectTimeout = millis(options, MemoryOptions.CONNECT_TIMEOUT, MemoryDefaults.CONNECT_TIMEOUT);
        Duration responseTimeout = millis(options, MemoryOptions.RESPONSE_TIMEOUT, MemoryDefaults.RESPONSE_TIMEOUT);
        Duration closeTimeout = millis(options, MemoryOptions.CLOSE_TIMEOUT, MemoryDefaults.CLOSE_TIMEOUT);
        String clientName = options.getString(MemoryOptions.CLIENT_NAME, RedisOptions.DEFAULT_CLIENT_NAME);
        if (!CLIENT_NAME.matcher(clientName).matches()) {
            throw MemoryOptions.bad(MemoryOptions.CLIENT_NAME, clientName,
                    "1 to 64 printable ASCII characters without spaces or braces");
        }
        int poolMax = options.getInt(MemoryOptions.POOL_MAX_SIZE, MemoryDefaults.POOL_MAX_SIZE, 1, 1000);
        int poolMin = options.getInt(MemoryOptions.POOL_MIN_SIZE, Math.min(MemoryDefaults.POOL_MIN_SIZE, poolMax),
                0, poolMax);
        Duration acquire = options.getDuration(MemoryOptions.POOL_ACQUIRE_TIMEOUT, MemoryDefaults.POOL_ACQUIRE_TIMEOUT);
        TlsVerify verify = options.getEnum(RedisOptions.TLS_VERIFY, TlsVerify.class, TlsVerify.STRICT);
        Path truststore = options.get(RedisOptions.TLS_TRUSTSTORE).filter(s -> !s.isEmpty()).map(Path::of).orElse(null);
        if (truststore != null && !Files.isReadable(truststore)) {
            throw MemoryOptions.bad(RedisOptions.TLS_TRUSTSTORE, truststore.toString(), "a readable trust store file");
        }
        return new RedisSettings(prefix, ttl, maxEntries, options.connectMode(), connectTimeout, responseTimeout,
                closeTimeout, clientName, poolMin, poolMax, acquire, verify, truststore,
                options.get(RedisOptions.TLS_TRUSTSTORE_PASSWORD).orElse(null),
                options.get(RedisOptions.SENTINEL_USERNAME).filter(s -> !s.isEmpty()).orElse(null),
                options.get(RedisOptions.SENTINEL_PASSWORD).filter(s -> !s.isEmpty()).orElse(null));
    }

    /** A duration that Redisson can take as an {@code int} of milliseconds. */
    private static Duration millis(MemoryOptions options, String key, Duration defaultValue) {
        Duration d = options.getDuration(key, defaultValue);
        if (d.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0 || d.toMillis() < 1) {
            throw MemoryOptions.bad(key, d.toString(), "from 1ms to " + Integer.MAX_VALUE + "ms");
        }
        return d;
    }
}
