package dev.agentmemory.bench.redis;

import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.bench.Servers;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Read the last {@value #LIMIT} turns of a session that holds {@value MemoryDefaults#SHORT_TERM_MAX_ENTRIES}: the
 * provider's {@code recent(20)} (script, then decoding into {@code MemoryEntry} values) against the raw range read
 * (the same script through Redisson, replies left undecoded). All benchmark threads read the same session.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedisRecentBenchmark {

    /** How many turns each read returns. */
    public static final int LIMIT = 20;

    /** {@code raw} or {@code provider}. */
    @Param({"raw", "provider"})
    public String variant = "raw";

    private @Nullable RawRedis raw;
    private @Nullable ShortTermMemory store;
    private String prefix = "";
    private boolean useRaw;
    private final SessionRef session = SessionRef.of("bench", "agent", "recent");
    private List<Object> keys = List.of();

    /** Fills one session through the provider, then keeps the variant under test. */
    @Setup(Level.Trial)
    public void open() {
        Servers servers = Servers.fromSystemProperties();
        prefix = servers.redisPrefix("recent-" + variant + "-" + System.nanoTime());
        keys = ProviderScripts.keys(prefix, "bench", "agent", "recent");
        raw = new RawRedis(servers.redisUri(), RedisStores.CLIENT_NAME);
        store = RedisStores.open(servers.redisUri(), prefix, false, MemoryDefaults.SHORT_TERM_MAX_ENTRIES);
        for (int n = 0; n < MemoryDefaults.SHORT_TERM_MAX_ENTRIES; n++) {
            store.append(session, Turns.entry("r" + n, n));
        }
        useRaw = variant.equals("raw");
        if (useRaw) {
            store.close();
            store = null;
        }
    }

    /** Closes the store and deletes this trial's keys. */
    @TearDown(Level.Trial)
    public void close() {
        if (store != null) {
            store.close();
        }
        if (raw != null) {
            raw.deleteUnder(prefix);
            raw.close();
        }
    }

    /** @return the turns (raw: the undecoded reply) */
    @Benchmark
    public Object recent() {
        if (useRaw) {
            return raw.recent(keys, LIMIT);
        }
        return store.recent(session, LIMIT);
    }
}
