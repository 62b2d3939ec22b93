package dev.agentmemory.bench;

import java.util.List;
import java.util.Locale;

/**
 * How long and how often each JMH trial runs, and which data sets the search benchmark loads.
 *
 * @param name {@code short} or {@code long}
 * @param forks JVMs per trial
 * @param warmupIterations warm-up iterations per fork
 * @param warmupSeconds seconds per warm-up iteration
 * @param iterations measured iterations per fork
 * @param iterationSeconds seconds per measured iteration
 * @param searchSizes memories per search data set
 */
public record BenchPlan(String name, int forks, int warmupIterations, int warmupSeconds, int iterations,
                        int iterationSeconds, List<Integer> searchSizes) {

    /**
     * The fixed short run of {@code bin/bench}: under 10 minutes on 2 cores, build included. 100,000 memories are
     * left out: loading them through the provider takes minutes, and exact search over them about a second per query.
     */
    public static final BenchPlan SHORT = new BenchPlan("short", 1, 1, 2, 3, 2, List.of(1_000, 10_000));

    /** The longer, more precise run ({@code bin/bench --long}): two forks, longer iterations, 100,000 memories. */
    public static final BenchPlan LONG = new BenchPlan("long", 2, 3, 3, 5, 5, List.of(1_000, 10_000, 100_000));

    /** A check that everything runs, in a few minutes ({@code bin/bench --smoke}); its numbers mean little. */
    public static final BenchPlan SMOKE = new BenchPlan("smoke", 1, 1, 1, 1, 1, List.of(1_000));

    /** @return one line for the report */
    public String describe() {
        return String.format(Locale.ROOT, "%s run: %d fork%s per trial, %d x %d s warm-up, %d x %d s measured "
                        + "(JMH sample-time mode)", name, forks, forks == 1 ? "" : "s", warmupIterations,
                warmupSeconds, iterations, iterationSeconds);
    }
}
