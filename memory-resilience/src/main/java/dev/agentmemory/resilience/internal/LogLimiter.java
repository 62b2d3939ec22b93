package dev.agentmemory.resilience.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Holds back repeats of a per-call log line of one store: at most one line of each kind per interval; the next line
 * that passes says how many were held back before it. A thousand failed calls in an outage would otherwise print a
 * thousand lines that say the same thing. Thread-safe.
 */
final class LogLimiter {

    /** What {@link #admit} returns for a line to hold back. */
    static final long HOLD_BACK = -1;

    private final long intervalNanos;
    private final LongSupplier ticker;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * @param interval the shortest time between two lines of one kind
     * @param ticker the time in nanoseconds, as {@link System#nanoTime()}
     */
    LogLimiter(Duration interval, LongSupplier ticker) {
        this.intervalNanos = interval.toNanos();
        this.ticker = ticker;
    }

    /**
     * @param kind the kind of line
     * @return how many lines of this kind were held back since the last one that passed (so this one passes), or
     *         {@link #HOLD_BACK}
     */
    long admit(String kind) {
        return windows.computeIfAbsent(kind, k -> new Window()).admit(ticker.getAsLong(), intervalNanos);
    }

    /**
     * Starts over, so that the first line of each kind passes again.
     *
     * @return how many lines of every kind were held back and never reported by a later line
     */
    long reset() {
        long held = 0;
        for (Window w : windows.values()) {
            held += w.reset();
        }
        return held;
    }

    private static final class Window {
        private boolean passedOnce;
        private long passedAt;
        private long held;

        synchronized long admit(long now, long intervalNanos) {
            if (passedOnce && now - passedAt < intervalNanos) {
                held++;
                return HOLD_BACK;
            }
            passedOnce = true;
            passedAt = now;
            long before = held;
            held = 0;
            return before;
        }

        synchronized long reset() {
            passedOnce = false;
            long before = held;
            held = 0;
            return before;
        }
    }
}
