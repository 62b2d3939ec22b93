package dev.agentmemory.resilience.internal;

import java.util.concurrent.TimeUnit;

/**
 * Entries replayed per second over the last {@value #WINDOW_SECONDS} seconds, for {@code health()}: one counter per
 * second in a ring, so recording costs no allocation. Thread-safe.
 */
final class DrainMeter {

    static final int WINDOW_SECONDS = 10;

    private final long[] counts = new long[WINDOW_SECONDS];
    private final long[] seconds = new long[WINDOW_SECONDS];

    /** Counts entries written now. */
    synchronized void record(int entries) {
        long second = second();
        int slot = (int) Math.floorMod(second, (long) WINDOW_SECONDS);
        if (seconds[slot] != second) {
            seconds[slot] = second;
            counts[slot] = 0;
        }
        counts[slot] += entries;
    }

    /** @return entries written per second over the window */
    synchronized double perSecond() {
        long now = second();
        long total = 0;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            if (now - seconds[i] < WINDOW_SECONDS && counts[i] > 0) {
                total += counts[i];
            }
        }
        return (double) total / WINDOW_SECONDS;
    }

    private static long second() {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime());
    }
}
