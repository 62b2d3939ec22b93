package dev.agentmemory.resilience.internal;

import dev.agentmemory.resilience.DegradationMode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Whether a store is answering in a degraded way right now, and for how long it has been in total. Thread-safe. */
final class Degradation {

    private static final long NOT_DEGRADED = Long.MIN_VALUE;

    private final DegradationMode mode;
    private final ResilienceEvents events;
    private final AtomicLong since = new AtomicLong(NOT_DEGRADED);
    private final AtomicLong totalNanos = new AtomicLong();

    Degradation(DegradationMode mode, ResilienceEvents events) {
        this.mode = mode;
        this.events = events;
    }

    DegradationMode mode() {
        return mode;
    }

    /** Marks the start of a degraded period; only the first call of a period logs and notifies. */
    void start(String reason) {
        if (since.compareAndSet(NOT_DEGRADED, System.nanoTime())) {
            events.degradationStart(mode, reason);
        }
    }

    /** Marks the end of a degraded period, if one is running. */
    void end() {
        long started = since.get();
        if (started != NOT_DEGRADED && since.compareAndSet(started, NOT_DEGRADED)) {
            long nanos = System.nanoTime() - started;
            totalNanos.addAndGet(nanos);
            events.degradationEnd(mode, Duration.ofNanos(nanos));
        }
    }

    boolean isDegraded() {
        return since.get() != NOT_DEGRADED;
    }

    /** @return the time spent degraded so far, the running period included */
    Duration total() {
        long started = since.get();
        long running = started == NOT_DEGRADED ? 0 : System.nanoTime() - started;
        return Duration.ofNanos(totalNanos.get() + running);
    }
}
