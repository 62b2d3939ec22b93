package dev.agentmemory.bench.recovery;

import java.util.Arrays;

/**
 * The start time and latency of every call of one writer, so that percentiles can be taken afterwards over any
 * window of the run (e.g. from the heal until the backlog was empty). Not thread-safe: one per writer; read after
 * the writer has stopped.
 */
final class LatencyLog {

    private long[] starts = new long[4096];
    private long[] nanos = new long[4096];
    private int size;

    /**
     * @param start {@link System#nanoTime()} when the call began
     * @param latency how long it took, nanoseconds
     */
    void add(long start, long latency) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        starts[size] = start;
        nanos[size] = latency;
        size++;
    }

    /**
     * @param logs the writers' logs
     * @param from window start, inclusive ({@link System#nanoTime()})
     * @param to window end, exclusive
     * @return the latencies of the calls that began in the window, sorted ascending
     */
    static long[] window(Iterable<LatencyLog> logs, long from, long to) {
        long[] all = new long[0];
        int n = 0;
        for (LatencyLog log : logs) {
            for (int i = 0; i < log.size; i++) {
                if (log.starts[i] - from >= 0 && log.starts[i] - to < 0) {
                    if (n == all.length) {
                        all = Arrays.copyOf(all, Math.max(1024, n * 2));
                    }
                    all[n++] = log.nanos[i];
                }
            }
        }
        long[] result = Arrays.copyOf(all, n);
        Arrays.sort(result);
        return result;
    }

    /**
     * The nearest-rank percentile.
     *
     * @param sorted values, ascending
     * @param p the percentile, in (0, 100]
     * @return the smallest value with at least p% of the values at or below it; -1 if there are none
     */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
