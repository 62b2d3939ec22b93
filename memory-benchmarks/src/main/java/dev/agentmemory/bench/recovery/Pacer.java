package dev.agentmemory.bench.recovery;

/**
 * A writer's schedule: slot {@code k} is due at {@code start + k * period}, whatever the previous call cost, so a
 * slow call does not lower the offered rate. A writer that falls more than one period behind (its call blocked)
 * does not burst to catch up: the slots it passed are skipped and counted as {@link #missed()}, writes that could
 * not be offered on time. Not thread-safe: one per writer.
 */
final class Pacer {

    private final long start;
    private final long period;
    private long next;
    private long missed;

    /**
     * @param start {@link System#nanoTime()} of slot 0
     * @param period nanoseconds between two slots, positive
     */
    Pacer(long start, long period) {
        if (period <= 0) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        this.start = start;
        this.period = period;
    }

    /**
     * Takes the next slot.
     *
     * @param now the current {@link System#nanoTime()}
     * @return when the write of this slot is due (in the past or now if the writer is behind by at most a period)
     */
    long take(long now) {
        long due = start + next * period;
        long late = now - due;
        if (late > period) {
            long skipped = late / period;
            missed += skipped;
            next += skipped;
            due = start + next * period;
        }
        next++;
        return due;
    }

    /** @return slots skipped because the writer was more than a period late */
    long missed() {
        return missed;
    }
}
