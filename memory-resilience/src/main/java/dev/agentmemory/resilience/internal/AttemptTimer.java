package dev.agentmemory.resilience.internal;

import dev.agentmemory.MemoryClosedException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * <p>The timer thread is created on first use and exits after a second without work, so an idle store holds no
 * thread; {@link #close()} stops it at once. Thread-safe.
 */
final class AttemptTimer implements AutoCloseable {

    private static final long IDLE_SECONDS = 1;

    private final String backend;
    private final String threadName;
    private @Nullable ScheduledThreadPoolExecutor executor;
    private boolean closed;

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
        Watch watch = new Watch(caller);
        ScheduledFuture<?> alarm = schedule(watch, timeout);
        try {
            return action.get();
        } catch (RuntimeException e) {
            if (watch.timedOut()) {
                throw CallGuard.attemptTimedOut(backend, operation, timeout, e);
            }
            throw e;
        } finally {
            alarm.cancel(false);
            watch.finish();
        }
    }

    private ScheduledFuture<?> schedule(Watch watch, Duration timeout) {
        ScheduledThreadPoolExecutor ex;
        synchronized (this) {
            if (closed) {
                throw new MemoryClosedException(backend, "call", "the store is closed");
            }
            if (executor == null) {
                executor = new ScheduledThreadPoolExecutor(1, r -> {
                    Thread t = new Thread(r, threadName);
                    t.setDaemon(true);
                    return t;
                });
                executor.setRemoveOnCancelPolicy(true);
                executor.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
                executor.allowCoreThreadTimeOut(true);
            }
            ex = executor;
        }
        try {
            return ex.schedule(watch::alarm, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            throw new MemoryClosedException(backend, "call", "the store is closed");
        }
    }

    @Override
    public void close() {
        ScheduledThreadPoolExecutor ex;
        synchronized (this) {
            closed = true;
            ex = executor;
            executor = null;
        }
        if (ex != null) {
            ex.shutdownNow();
            try {
                ex.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The race between an attempt finishing and its alarm; the interrupt is delivered and cleared under one lock. */
    private static final class Watch {
        private final Thread thread;
        private boolean running = true;
        private boolean timedOut;

        Watch(Thread thread) {
            this.thread = thread;
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
