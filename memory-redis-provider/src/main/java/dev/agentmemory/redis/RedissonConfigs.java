package dev.agentmemory.redis;

import dev.agentmemory.MemoryOptions;
import java.net.MalformedURLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.BaseConfig;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.EqualJitterDelay;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;
import org.redisson.config.SslVerificationMode;
import org.redisson.config.SubscriptionMode;

/**
 * Builds the Redisson {@link Config} for an address and settings. The choices that matter:
 * <ul>
 *   <li>{@code retryAttempts = 0}: one layer owns retries, the resilience decorator; Redisson retrying too would
 *       multiply the sends (and re-send scripts after a response timeout).</li>
 *   <li>lazy initialization unless {@code connect=eager}: opening never needs the server.</li>
 *   <li>the client name on every connection, so {@code CLIENT LIST} can count them.</li>
 *   <li>reads from masters only: a session's reads must see its own writes.</li>
 *   <li>small, fixed thread counts, since one store owns one Redisson client.</li>
 *   <li>reconnection backoff capped at {@link #RECONNECT_MAX_DELAY}, so a store works again soon after an outage.</li>
 * </ul>
 * Stateless.
 */
final class RedissonConfigs {

    /** Netty event-loop threads per store; a store's traffic is light and Netty multiplexes connections. */
    static final int NETTY_THREADS = 2;
    /** Redisson's own executor threads per store (listeners and callbacks; this store uses none). */
    static final int EXECUTOR_THREADS = 2;
    /** First delay before Redisson reconnects a broken connection; it grows, with jitter, up to the maximum. */
    static final Duration RECONNECT_BASE_DELAY = Duration.ofMillis(10);
    /**
     * Longest delay between reconnection attempts (Redisson's default is 10 s). Until a broken connection is
     * reconnected, calls on it fail at once, so this bounds how long a store keeps failing after its server is back.
     */
    static final Duration RECONNECT_MAX_DELAY = Duration.ofSeconds(1);

    private RedissonConfigs() {
    }

    /**
     * The configuration.
     *
     * @param address where to connect
     * @param settings how
     * @return a new Redisson configuration
     * @throws dev.agentmemory.MemoryConfigurationException if the trust store path cannot be turned into a URL
     */
    static Config of(RedisAddress address, RedisSettings settings) {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.setLazyInitialization(settings.connectMode() == MemoryOptions.ConnectMode.LAZY);
        config.setNettyThreads(NETTY_THREADS);
        config.setThreads(EXECUTOR_THREADS);
        config.setUseScriptCache(true);
        switch (address.topology()) {
            case STANDALONE -> {
                SingleServerConfig single = config.useSingleServer();
                single.setAddress(address.nodes().get(0).redissonAddress(address.tls()));
                single.setDatabase(address.database());
                single.setConnectionMinimumIdleSize(settings.poolMinSize());
                single.setConnectionPoolSize(settings.poolMaxSize());
                single.setSubscriptionConnectionMinimumIdleSize(0);
                single.setSubscriptionConnectionPoolSize(1);
                common(single, address, settings);
            }
            case SENTINEL -> {
                SentinelServersConfig sentinel = config.useSentinelServers();
                sentinel.setMasterName(address.masterName());
                sentinel.setSentinelAddresses(addresses(address));
                sentinel.setDatabase(address.database());
                // One Sentinel is a legal (if fragile) deployment; let Redisson accept it.
                sentinel.setCheckSentinelsList(false);
                if (settings.sentinelUsername() != null) {
                    sentinel.setSentinelUsername(settings.sentinelUsername());
                }
                if (settings.sentinelPassword() != null) {
                    sentinel.setSentinelPassword(settings.sentinelPassword());
                }
                masterSlave(sentinel, settings);
                common(sentinel, address, settings);
            }
            case CLUSTER -> {
                ClusterServersConfig cluster = config.useClusterServers();
                cluster.setNodeAddresses(addresses(address));
                masterSlave(cluster, settings);
                // The store lets as many calls run at once as pool.max-size times the seed nodes (its permits); they
                // may all go to one master, so each master's pool takes them all. Redisson's own pool is then never
                // what is exhausted, and its "Unable to acquire connection" always means an unreachable node.
                cluster.setMasterConnectionPoolSize(settings.poolMaxSize() * address.nodes().size());
                common(cluster, address, settings);
            }
        }
        return config;
    }

    private static List<String> addresses(RedisAddress address) {
        List<String> out = new ArrayList<>();
        for (RedisAddress.Node node : address.nodes()) {
            out.add(node.redissonAddress(address.tls()));
        }
        return out;
    }

    private static void masterSlave(BaseMasterSlaveServersConfig<?> config, RedisSettings settings) {
        config.setReadMode(ReadMode.MASTER);
        config.setSubscriptionMode(SubscriptionMode.MASTER);
        config.setMasterConnectionMinimumIdleSize(settings.poolMinSize());
        config.setMasterConnectionPoolSize(settings.poolMaxSize());
        // Reads go to masters only, so replicas need no idle connections.
        config.setSlaveConnectionMinimumIdleSize(0);
        config.setSlaveConnectionPoolSize(settings.poolMaxSize());
        config.setSubscriptionConnectionMinimumIdleSize(0);
        config.setSubscriptionConnectionPoolSize(1);
    }

    private static void common(BaseConfig<?> config, RedisAddress address, RedisSettings settings) {
        config.setRetryAttempts(0);
        config.setTimeout(Math.toIntExact(settings.responseTimeout().toMillis()));
        config.setConnectTimeout(Math.toIntExact(settings.connectTimeout().toMillis()));
        config.setClientName(settings.clientName());
        if (address.username() != null) {
            config.setUsername(address.username());
        }
        if (address.password() != null) {
            config.setPassword(address.password());
        }
        config.setKeepAlive(true);
        config.setReconnectionDelay(new EqualJitterDelay(RECONNECT_BASE_DELAY, RECONNECT_MAX_DELAY));
        config.setSslVerificationMode(switch (settings.tlsVerify()) {
            case STRICT -> SslVerificationMode.STRICT;
            case CA_ONLY -> SslVerificationMode.CA_ONLY;
            case NONE -> SslVerificationMode.NONE;
        });
        if (settings.truststore() != null) {
            try {
                config.setSslTruststore(settings.truststore().toUri().toURL());
            } catch (MalformedURLException e) {
                throw RedisOptions.TLS_TRUSTSTORE.invalid(settings.truststore().toString(),
                        "a trust store file path");
            }
            if (settings.truststorePassword() != null) {
                config.setSslTruststorePassword(settings.truststorePassword());
            }
        }
    }
}
