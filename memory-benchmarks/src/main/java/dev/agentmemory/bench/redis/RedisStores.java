package dev.agentmemory.bench.redis;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.redis.RedisOptions;
import dev.agentmemory.resilience.ResilienceOptions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Opens the provider's short-term store the way an application does, through {@link MemoryStores}, with or
 * without the resilience decorator, and checks that the decorator really is (or is not) in place: a benchmark of
 * "provider + resilience" that silently ran without it would be worse than none. Stateless.
 */
final class RedisStores {

    /** The name of the resilience decorator ({@code StoreDecorator.name()} of memory-resilience). */
    static final String RESILIENCE = "resilience";
    /** The client name of every benchmark connection, so that {@code CLIENT LIST} shows who they are. */
    static final String CLIENT_NAME = "agentmemory-bench";

    private RedisStores() {
    }

    /**
     * @param uri the Redis URI
     * @param keyPrefix the key prefix of this benchmark
     * @param resilient whether the resilience decorator wraps the store (with its default policy)
     * @param maxEntries the session window
     * @param extra more options (for example a tuned resilience policy)
     * @return the store, connected
     * @throws IllegalStateException if the decorator is missing when wanted, or present when not
     */
    static ShortTermMemory open(String uri, String keyPrefix, boolean resilient, int maxEntries,
                                Map<String, String> extra) {
        Map<String, String> values = new TreeMap<>(extra);
        values.put(RedisOptions.KEY_PREFIX.key(), keyPrefix);
        values.put(MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), Integer.toString(maxEntries));
        values.put(MemoryOptions.CLIENT_NAME.key(), CLIENT_NAME);
        values.put(MemoryOptions.CONNECT.key(), "eager");
        values.put(ResilienceOptions.ENABLED.key(), Boolean.toString(resilient));
        MemoryOptions options = MemoryOptions.of(values);
        List<String> decorators = MemoryStores.decorators(options);
        if (resilient != decorators.contains(RESILIENCE)) {
            throw new IllegalStateException("expected the resilience decorator " + (resilient ? "" : "not ")
                    + "to wrap the store, but the decorators in effect are " + decorators
                    + "; is memory-resilience (with its META-INF/services entry) on the class path?");
        }
        return MemoryStores.shortTerm(uri, options);
    }

    /** Same, without extra options. */
    static ShortTermMemory open(String uri, String keyPrefix, boolean resilient, int maxEntries) {
        return open(uri, keyPrefix, resilient, maxEntries, Map.of());
    }
}
