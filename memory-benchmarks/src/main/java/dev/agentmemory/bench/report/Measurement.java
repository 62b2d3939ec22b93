package dev.agentmemory.bench.report;

import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * One JMH trial, reduced to what the report shows. Latencies come from JMH's sample-time mode (every sampled call
 * timed on its own), in microseconds. Throughput is derived, not sampled: in a closed loop with no pause, each of
 * {@code threads} threads completes one call per mean latency, so throughput = threads / mean (Little's law).
 *
 * @param benchmark the benchmark class's simple name
 * @param params the JMH parameters
 * @param threads benchmark threads
 * @param p50 median latency, µs
 * @param p99 99th percentile latency, µs
 * @param mean mean latency, µs
 * @param samples calls timed
 */
public record Measurement(String benchmark, Map<String, String> params, int threads, double p50, double p99,
                          double mean, long samples) {

    /**
     * @param result a JMH result in sample-time mode with microseconds as the unit
     * @return the measurement
     */
    public static Measurement of(RunResult result) {
        Statistics s = result.getPrimaryResult().getStatistics();
        String name = result.getParams().getBenchmark();
        String cls = name.substring(0, name.lastIndexOf('.'));
        Map<String, String> params = new TreeMap<>();
        for (String key : result.getParams().getParamsKeys()) {
            params.put(key, result.getParams().getParam(key));
        }
        return new Measurement(cls.substring(cls.lastIndexOf('.') + 1), Map.copyOf(params),
                result.getParams().getThreads(), s.getPercentile(50), s.getPercentile(99), s.getMean(), s.getN());
    }

    /** @return calls per second over all threads */
    public double throughput() {
        return mean <= 0 ? 0 : threads * 1_000_000.0 / mean;
    }

    /** @param key a parameter @return its value, or "" */
    public String param(String key) {
        return params.getOrDefault(key, "");
    }

    /**
     * @param benchmark the simple class name
     * @param threads the thread count
     * @param keysAndValues parameter pairs that must match
     * @return whether this is that trial
     */
    public boolean is(String benchmark, int threads, String... keysAndValues) {
        if (!this.benchmark.equals(benchmark) || this.threads != threads) {
            return false;
        }
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (!param(keysAndValues[i]).equals(keysAndValues[i + 1])) {
                return false;
            }
        }
        return true;
    }
}
