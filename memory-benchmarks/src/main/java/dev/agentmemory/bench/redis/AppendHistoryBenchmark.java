package dev.agentmemory.bench.redis;

import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.bench.Servers;
import java.util.ArrayList;
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
 * Append one 200-byte turn to a session that already holds {@code history} turns of 200 bytes, with a window of
 * {@code history} (so the session stays that long: every append also drops the oldest turn). Three ways: the
 * provider, its raw floor, and the full-rewrite store ({@link FullRewriteHistory}). One thread. The bytes each
 * sends per append are counted separately, through the fault proxy, by {@link AppendBytes}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AppendHistoryBenchmark {

    /** Turns already in the session. */
    @Param({"10", "100", "1000"})
    public int history = 10;

    /** {@code raw}, {@code provider} or {@code full-rewrite}. */
    @Param({"raw", "provider", "full-rewrite"})
    public String variant = "provider";

    private @Nullable HistoryWriter writer;
    private @Nullable RawRedis raw;
    private String prefix = "";
    private long n;

    /** Connects and fills the session. */
    @Setup(Level.Trial)
    public void open() {
        Servers servers = Servers.fromSystemProperties();
        prefix = servers.redisPrefix("history-" + variant + "-" + history + "-" + System.nanoTime());
        raw = new RawRedis(servers.redisUri(), RedisStores.CLIENT_NAME);
        writer = HistoryWriter.open(variant, servers.redisUri(), prefix, history);
        writer.fill(history);
        n = history;
    }

    /** Closes and deletes this trial's keys. */
    @TearDown(Level.Trial)
    public void close() {
        if (writer != null) {
            writer.close();
        }
        if (raw != null) {
            raw.deleteUnder(prefix);
            raw.close();
        }
    }

    /** @return what the append returned */
    @Benchmark
    public Object append() {
        return writer.append(n++);
    }

    /**
     * One session written one of the three ways; also used by {@link AppendBytes}. Not thread-safe: one writer per
     * thread.
     */
    abstract static class HistoryWriter implements AutoCloseable {

        static final String TENANT = "bench";
        static final String AGENT = "agent";
        static final String SESSION = "history";

        /**
         * @param variant {@code raw}, {@code provider} or {@code full-rewrite}
         * @param uri the Redis URI (possibly a fault proxy's)
         * @param prefix the key prefix
         * @param window the session window
         * @return a writer for one session
         */
        static HistoryWriter open(String variant, String uri, String prefix, int window) {
            return switch (variant) {
                case "raw" -> new Raw(uri, prefix, window);
                case "provider" -> new Provider(uri, prefix, window);
                case "full-rewrite" -> new FullRewrite(uri, prefix, window);
                default -> throw new IllegalArgumentException("unknown variant '" + variant
                        + "'; expected raw, provider or full-rewrite");
            };
        }

        /** Appends turns 0 to count - 1. */
        void fill(int count) {
            for (int i = 0; i < count; i++) {
                append(i);
            }
        }

        /** Appends turn {@code n}. @return the reply */
        abstract Object append(long n);

        @Override
        public abstract void close();
    }

    private static final class Raw extends HistoryWriter {
        private final RawRedis raw;
        private final List<Object> keys;
        private final int window;

        Raw(String uri, String prefix, int window) {
            this.raw = new RawRedis(uri, RedisStores.CLIENT_NAME);
            this.keys = ProviderScripts.keys(prefix, TENANT, AGENT, SESSION);
            this.window = window;
        }

        @Override
        Object append(long n) {
            return raw.append(keys, "h" + n, Turns.body(Turns.content(n)), window,
                    MemoryDefaults.SHORT_TERM_TTL.toMillis());
        }

        @Override
        public void close() {
            raw.close();
        }
    }

    private static final class Provider extends HistoryWriter {
        private final ShortTermMemory store;
        private final SessionRef session = SessionRef.of(TENANT, AGENT, SESSION);

        Provider(String uri, String prefix, int window) {
            this.store = RedisStores.open(uri, prefix, false, window);
        }

        @Override
        Object append(long n) {
            return store.append(session, Turns.entry("h" + n, n));
        }

        @Override
        public void close() {
            store.close();
        }
    }

    private static final class FullRewrite extends HistoryWriter {
        private final RawRedis raw;
        private final FullRewriteHistory<FullRewriteHistory.Turn> history;
        private final String key;

        FullRewrite(String uri, String prefix, int window) {
            this.raw = new RawRedis(uri, RedisStores.CLIENT_NAME);
            this.history = FullRewriteHistory.turns(raw.client(), window, MemoryDefaults.SHORT_TERM_TTL);
            this.key = prefix + ":" + TENANT + "/" + AGENT + "/" + SESSION;
        }

        @Override
        void fill(int count) {
            List<FullRewriteHistory.Turn> turns = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                turns.add(turn(i));
            }
            history.replace(key, turns);
        }

        @Override
        Object append(long n) {
            return history.append(key, turn(n));
        }

        private static FullRewriteHistory.Turn turn(long n) {
            return new FullRewriteHistory.Turn("h" + n, Turns.ROLE, Turns.content(n), System.currentTimeMillis());
        }

        @Override
        public void close() {
            raw.close();
        }
    }
}
