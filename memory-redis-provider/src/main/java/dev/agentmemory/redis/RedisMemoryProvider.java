package dev.agentmemory.redis;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.Option;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.spi.MemoryProvider;
import java.util.List;
import java.util.Set;

/**
 * The Redis provider: short-term memory on Redis 6.2 or later (standalone, Sentinel or Cluster) through Redisson.
 * Found by {@link java.util.ServiceLoader}; applications open stores with
 * {@link dev.agentmemory.MemoryStores#shortTerm(String, MemoryOptions)} and never name this class.
 *
 * <p>URI forms:
 * <pre>
 * redis://[[user]:password@]host[:port][/database]
 * rediss://[[user]:password@]host[:port][/database]                               (TLS)
 * redis-sentinel://[[user]:password@]host[:port][,host[:port]...]/master[/database][?tls=true]
 * redis-cluster://[[user]:password@]host[:port][,host[:port]...][?tls=true]
 * </pre>
 * Options: see {@link RedisOptions}.
 *
 * <p>Stateless and thread-safe; every store it opens owns its own connections and threads.
 */
public final class RedisMemoryProvider implements MemoryProvider {

    /** The provider's name, for the {@code provider} option. */
    public static final String NAME = "redis";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public RedisMemoryProvider() {
    }

    /** @return {@value #NAME} */
    @Override
    public String name() {
        return NAME;
    }

    /** @return {@code redis}, {@code rediss}, {@code redis-sentinel} and {@code redis-cluster} */
    @Override
    public Set<String> schemes() {
        return Set.of("redis", "rediss", "redis-sentinel", "redis-cluster");
    }

    /** @return short-term memory only */
    /** Every option of {@link RedisOptions#all()}. */
    @Override
    public List<Option<?>> options() {
        return RedisOptions.all();
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.SHORT_TERM);
    }

    /**
     * Opens a short-term store. The URI and options are checked at once; the server is not contacted unless
     * {@code connect=eager}.
     *
     * @param uri one of the forms above
     * @param options the options
     * @return the store; close it when done
     * @throws dev.agentmemory.MemoryConfigurationException if the URI or an option is invalid, or (eager) the
     *     server rejects the credentials
     * @throws dev.agentmemory.MemoryConnectionException if {@code connect=eager} and the server cannot be reached
     */
    @Override
    public ShortTermMemory openShortTerm(String uri, MemoryOptions options) {
        RedisAddress address = RedisAddress.parse(uri, options);
        RedisSettings settings = RedisSettings.from(options);
        return RedisShortTermMemory.open(address, settings);
    }

    /** @return the provider's name and schemes, for discovery messages */
    @Override
    public String toString() {
        return "RedisMemoryProvider" + schemes();
    }
}
