package dev.agentmemory.bench.redis;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.resilience.ResilienceOptions;
import java.util.List;
import java.util.Map;
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
 * The resilience decorator's own cost per call, without a network: append to the in-memory store ({@code mem:}),
 * bare or wrapped by the decorator with its default policy. On Redis the difference hides in the round trip's
 * noise; here it is the whole difference. One thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecoratorCostBenchmark {

    /** {@code bare} or {@code resilient}. */
    @Param({"bare", "resilient"})
    public String variant = "bare";

    private @Nullable ShortTermMemory store;
    private final SessionRef session = SessionRef.of("bench", "agent", "decorator");
    private final String[] contents = new String[64];
    private long n;

    /** Opens the in-memory store through {@link MemoryStores}. */
    @Setup(Level.Trial)
    public void open() {
        boolean resilient = variant.equals("resilient");
        MemoryOptions options = MemoryOptions.of(ResilienceOptions.ENABLED.key(), Boolean.toString(resilient));
        List<String> decorators = MemoryStores.decorators(options);
        if (resilient != decorators.contains(RedisStores.RESILIENCE)) {
            throw new IllegalStateException("expected the resilience decorator " + (resilient ? "" : "not ")
                    + "to be in effect, but the decorators are " + decorators);
        }
        store = MemoryStores.shortTerm("mem:", options);
        for (int i = 0; i < contents.length; i++) {
            contents[i] = Turns.content(i);
        }
    }

    /** Closes the store. */
    @TearDown(Level.Trial)
    public void close() {
        if (store != null) {
            store.close();
        }
    }

    /** @return the stored entry */
    @Benchmark
    public Object append() {
        long i = n++;
        return store.append(session, new NewEntry("d" + i, Turns.ROLE, contents[(int) (i & 63)], Map.of(),
                Turns.IMPORTANCE));
    }
}
