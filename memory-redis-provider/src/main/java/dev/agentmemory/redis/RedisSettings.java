package dev.agentmemory.redis;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.redis.RedisOptions.TlsVerify;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        Path truststore = options.find(RedisOptions.TLS_TRUSTSTORE).map(Path::of).orElse(null);
        if (truststore != null && !Files.isReadable(truststore)) {
            throw RedisOptions.TLS_TRUSTSTORE.invalid(truststore.toString(), RedisOptions.TLS_TRUSTSTORE.allowed());
        }
        return new RedisSettings(options.get(RedisOptions.KEY_PREFIX), options.get(MemoryOptions.SHORT_TERM_TTL),
                options.get(MemoryOptions.SHORT_TERM_MAX_ENTRIES), options.connectMode(),
                options.get(MemoryOptions.CONNECT_TIMEOUT), options.get(MemoryOptions.RESPONSE_TIMEOUT),
                options.get(MemoryOptions.CLOSE_TIMEOUT), options.get(MemoryOptions.CLIENT_NAME),
                options.poolMinSize(), options.get(MemoryOptions.POOL_MAX_SIZE),
                options.get(MemoryOptions.POOL_ACQUIRE_TIMEOUT), options.get(RedisOptions.TLS_VERIFY), truststore,
                options.find(RedisOptions.TLS_TRUSTSTORE_PASSWORD).orElse(null),
                options.find(RedisOptions.SENTINEL_USERNAME).orElse(null),
                options.find(RedisOptions.SENTINEL_PASSWORD).orElse(null));
    }
}
