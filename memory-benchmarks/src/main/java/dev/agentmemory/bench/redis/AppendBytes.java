package dev.agentmemory.bench.redis;

import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.bench.Servers;
import dev.agentmemory.faultproxy.FaultProxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

/**
 * Counts the bytes each way of appending puts on the socket, per append, with the {@link FaultProxy} (memory-faultproxy) in
 * between (its counters see every byte in each direction). Bytes do not depend on timing, so this runs once,
 * outside JMH, and the proxy's forwarding threads never touch the latency measurements. Also checks, before
 * anything is measured, that the raw floor still writes what the provider reads. Stateless.
 */
public final class AppendBytes {

    /** Appends counted per case, after the session is filled and one append has warmed the script cache. */
    public static final int APPENDS = 50;

    /**
     * Bytes per append.
     *
     * @param sent client to server
     * @param received server to client
     */
    public record Bytes(double sent, double received) {
    }

    private AppendBytes() {
    }

    /**
     * @param servers where Redis is
     * @param variant {@code raw}, {@code provider} or {@code full-rewrite}
     * @param history turns already in the session (and its window)
     * @return the average bytes of one append
     */
    public static Bytes measure(Servers servers, String variant, int history) {
        // Same prefix length for every variant, so that keys weigh the same in every count.
        String prefix = servers.redisPrefix("bytes-" + variant.charAt(0) + history);
        try (FaultProxy proxy = FaultProxy.start(target(servers));
             AppendHistoryBenchmark.HistoryWriter writer = AppendHistoryBenchmark.HistoryWriter.open(variant,
                     "redis://" + proxy.host() + ":" + proxy.port(), prefix, history)) {
            writer.fill(history);
            writer.append(history);
            FaultProxy.Counters before = proxy.counters();
            for (int i = 1; i <= APPENDS; i++) {
                writer.append(history + i);
            }
            FaultProxy.Counters after = proxy.counters();
            return new Bytes((after.bytesToServer() - before.bytesToServer()) / (double) APPENDS,
                    (after.bytesToClient() - before.bytesToClient()) / (double) APPENDS);
        } finally {
            cleanUp(servers, prefix);
        }
    }

    /**
     * Appends one turn with the raw floor and reads it back through the provider: proves that the floor uses the
     * provider's keys, script and payload encoding.
     *
     * @param servers where Redis is
     * @throws IllegalStateException if the provider does not read back what the raw floor wrote
     */
    public static void checkRawFloorMatchesProvider(Servers servers) {
        String prefix = servers.redisPrefix("layout");
        SessionRef session = SessionRef.of("bench", "agent", "layout");
        try (RawRedis raw = new RawRedis(servers.redisUri(), RedisStores.CLIENT_NAME);
             ShortTermMemory store = RedisStores.open(servers.redisUri(), prefix, false,
                     MemoryDefaults.SHORT_TERM_MAX_ENTRIES)) {
            raw.append(ProviderScripts.keys(prefix, "bench", "agent", "layout"), "layout-1",
                    Turns.body(Turns.content(7)), MemoryDefaults.SHORT_TERM_MAX_ENTRIES, 60_000);
            List<MemoryEntry> read = store.recent(session, 10);
            if (read.size() != 1 || !read.get(0).id().equals("layout-1")
                    || !read.get(0).content().equals(Turns.content(7)) || !read.get(0).role().equals(Turns.ROLE)) {
                throw new IllegalStateException("the raw floor no longer matches the Redis provider: it wrote turn "
                        + "layout-1, the provider read " + read + "; update ProviderScripts and Turns.body from the "
                        + "provider's KeyLayout, SessionScripts and EntryEncoding");
            }
            raw.deleteUnder(prefix);
        }
    }

    private static void cleanUp(Servers servers, String prefix) {
        try (RawRedis raw = new RawRedis(servers.redisUri(), RedisStores.CLIENT_NAME)) {
            raw.deleteUnder(prefix);
        }
    }

    /** @return the address of the Redis server, for a fault proxy in front of it */
    static InetSocketAddress target(Servers servers) {
        URI uri = URI.create(servers.redisUri());
        return new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
    }
}
