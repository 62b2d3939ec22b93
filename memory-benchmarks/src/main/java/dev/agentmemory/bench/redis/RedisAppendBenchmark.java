package dev.agentmemory.bench.redis;

import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.bench.Servers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Append one 200-byte turn to a session, three ways: the provider's Lua script sent with Redisson directly
 * ({@code raw}, the floor), the provider ({@code provider}), and the provider wrapped by the resilience decorator
 * with its default policy and no faults ({@code resilient}); and, to explain the decorator's cost, the provider with
 * only what the decorator's attempt timer does per call, a task scheduled on a {@link ScheduledThreadPoolExecutor}
 * and cancelled when the call returns ({@code timer}). Each benchmark thread appends to its own session, as
 * each agent does; sessions keep the default window of {@value MemoryDefaults#SHORT_TERM_MAX_ENTRIES} entries.
 * The driver runs it at 1 and 4 threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedisAppendBenchmark {

    /** {@code raw}, {@code provider}, {@code resilient} or {@code timer}. */
    @Param({"raw", "provider", "resilient", "timer"})
    public String variant = "raw";

    private @Nullable RawRedis raw;
    private @Nullable ShortTermMemory store;
    private String prefix = "";
    private boolean useRaw;
    private @Nullable ScheduledThreadPoolExecutor timer;
    private final AtomicInteger threads = new AtomicInteger();

    /** Connects the variant under test (and a raw client, which also cleans up). */
    @Setup(Level.Trial)
    public void open() {
        Servers servers = Servers.fromSystemProperties();
        prefix = servers.redisPrefix("append-" + variant + "-" + System.nanoTime());
        raw = new RawRedis(servers.redisUri(), RedisStores.CLIENT_NAME);
        useRaw = variant.equals("raw");
        if (variant.equals("timer")) {
            // As the resilience decorator's AttemptTimer: one thread, cancelled tasks removed at once.
            timer = new ScheduledThreadPoolExecutor(1);
            timer.setRemoveOnCancelPolicy(true);
        }
        if (!useRaw) {
            store = RedisStores.open(servers.redisUri(), prefix, variant.equals("resilient"),
                    MemoryDefaults.SHORT_TERM_MAX_ENTRIES);
        }
    }

    /** Closes the store and deletes this trial's keys. */
    @TearDown(Level.Trial)
    public void close() {
        if (store != null) {
            store.close();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        if (raw != null) {
            raw.deleteUnder(prefix);
            raw.close();
        }
    }

    /** One benchmark thread's session and turn counter. */
    @State(Scope.Thread)
    public static class Session {
        SessionRef ref = SessionRef.of("bench", "agent", "none");
        List<Object> keys = List.of();
        String idPrefix = "";
        final String[] bodies = new String[64];
        long n;

        /** Takes a session of its own. @param benchmark the shared state */
        @Setup(Level.Trial)
        public void pick(RedisAppendBenchmark benchmark) {
            int thread = benchmark.threads.incrementAndGet();
            ref = SessionRef.of("bench", "agent", "s" + thread);
            keys = ProviderScripts.keys(benchmark.prefix, "bench", "agent", "s" + thread);
            idPrefix = "t" + thread + "-";
            for (int i = 0; i < bodies.length; i++) {
                bodies[i] = Turns.content(i);
            }
        }

        /** The timer variant's alarm, which never fires within a benchmark call. */
        static void never() {
        }
    }

    /**
     * @param s this thread's session
     * @return the reply, so that nothing is optimized away
     */
    @Benchmark
    public Object append(Session s) {
        long n = s.n++;
        String id = s.idPrefix + n;
        String content = s.bodies[(int) (n & 63)];
        if (useRaw) {
            return raw.append(s.keys, id, Turns.body(content), MemoryDefaults.SHORT_TERM_MAX_ENTRIES,
                    MemoryDefaults.SHORT_TERM_TTL.toMillis());
        }
        NewEntry entry = new NewEntry(id, Turns.ROLE, content, Map.of(), Turns.IMPORTANCE);
        if (timer != null) {
            ScheduledFuture<?> alarm = timer.schedule(Session::never, 10, TimeUnit.SECONDS);
            try {
                return store.append(s.ref, entry);
            } finally {
                alarm.cancel(false);
            }
        }
        return store.append(s.ref, entry);
    }
}
