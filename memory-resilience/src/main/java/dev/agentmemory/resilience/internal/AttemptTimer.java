package dev.agentmemory.resilience.internal;

import dev.agentmemory.MemoryClosedException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Bounds one attempt: when it runs longer than its timeout, the thread running it is interrupted, and the
 * attempt's failure becomes a transient {@link dev.agentmemory.MemoryTimeoutException}. The interrupt this timer
 * delivers is cleared again before the attempt returns, so it never leaks to the caller.
 *
 * <p>A sync call cannot be abandoned safely (an abandoned write could land after a later one and break the order of
 * a session), so an attempt is interrupted rather than left behind; a backend call that ignores interrupts ends at
 * its own response timeout.
 *
 * <p>One watchdog thread per store checks the attempts in flight every tick (a tenth of the shortest timeout, 5 to
 * 100 ms), so an attempt costs two set operations and no thread wake-up: scheduling and cancelling a task per
 * attempt woke a thread on every call and added a fifth to a loopback Redis round trip (measured by
 * memory-benchmarks). The price is precision: an attempt is interrupted up to one tick after its timeout. The
 * watchdog starts on first use and exits after a second without attempts, so an idle store holds no thread;
 * {@link #close()} stops it at once. Thread-safe.
 */
final class AttemptTimer implements AutoCloseable {

    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String backend;
    private final String threadName;
    private final Set<Watch> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong tickNanos = new AtomicLong(MAX_TICK_NANOS);
    private @Nullable Thread watchdog; // guarded by this
    private boolean closed; // guarded by this

    AttemptTimer(String backend) {
        this.backend = backend;
        this.threadName = "agentmemory-resilience-timer " + backend;
    }

    <T> T run(String operation, Duration timeout, Supplier<T> action) {
        Thread caller = Thread.currentThread();
        if (caller.isInterrupted()) {
            // Nothing to bound: the caller is already interrupted and the attempt will end at once.
            return action.get();
        }
        long timeoutNanos = timeout.toNanos();
        Watch watch = new Watch(caller, System.nanoTime() + timeoutNanos);
        tickNanos.accumulateAndGet(Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, timeoutNanos / 10)), Math::min);
        watch(watch);
        try {
            return action.get();
        } catch (RuntimeException e) {
            if (watch.timedOut()) {
                throw CallGuard.attemptTimedOut(backend, operation, timeout, e);
            }
            throw e;
        } finally {
            inFlight.remove(watch);
            watch.finish();
        }
    }

    private synchronized void watch(Watch watch) {
        if (closed) {
            throw new MemoryClosedException(backend, "call", "the store is closed");
        }
        inFlight.add(watch);
        if (watchdog == null) {
            Thread t = new Thread(this::patrol, threadName);
            t.setDaemon(true);
            watchdog = t;
            t.start();
        }
    }

    /** The watchdog's loop: alarm overdue attempts every tick; exit when closed or idle for a second. */
    private void patrol() {
        long idleSince = System.nanoTime();
        while (true) {
            LockSupport.parkNanos(this, tickNanos.get());
            long now = System.nanoTime();
            for (Watch watch : inFlight) {
                if (now - watch.deadline >= 0) {
                    watch.alarm();
                }
            }
            synchronized (this) {
                if (closed || Thread.currentThread().isInterrupted()) {
                    watchdog = null;
                    return;
                }
                if (!inFlight.isEmpty()) {
                    idleSince = now;
                } else if (now - idleSince >= IDLE_NANOS) {
                    watchdog = null;
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = watchdog;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(TimeUnit.SECONDS.toMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The race between an attempt finishing and its alarm; the interrupt is delivered and cleared under one lock. */
    private static final class Watch {
        private final Thread thread;
        private final long deadline;
        private boolean running = true;
        private boolean timedOut;

        Watch(Thread thread, long deadline) {
            this.thread = thread;
            this.deadline = deadline;
        }

        synchronized void alarm() {
            if (running) {
                running = false;
                timedOut = true;
                thread.interrupt();
            }
        }

        synchronized boolean timedOut() {
            return timedOut;
        }

        synchronized void finish() {
            running = false;
            if (timedOut) {
                // Clear the interrupt this timer delivered; it was meant for the attempt, not for the caller.
                Thread.interrupted();
            }
        }
    }
}
