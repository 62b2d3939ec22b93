package dev.agentmemory.postgres;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Work done once, on first use, and shared by every caller that needs it while it runs: at most one attempt is in
 * flight, on a short-lived thread of its own, and each caller waits for that attempt at most its own bound,
 * interruptibly. A successful attempt is kept; a failed one is forgotten, so that the next caller starts a new
 * attempt (the server may be back).
 *
 * <p>The attempt runs on its own thread, not on the first caller's, so that a caller who is interrupted or gives up
 * leaves the attempt, and every other caller waiting for it, undisturbed. Before this, callers queued on a monitor
 * around the setup: uninterruptibly, and each one retrying the setup after the one before it had failed, so that
 * ten concurrent first calls against a silent server failed one connect timeout apart.
 *
 * <p>Thread-safe.
 *
 * @param <T> the result of the setup
 */
final class SharedSetup<T> {

    private final String threadName;
    private final Callable<T> work;
    private final AtomicReference<@Nullable CompletableFuture<T>> current = new AtomicReference<>();
    private volatile @Nullable Thread running;

    /**
     * @param threadName the name of the thread an attempt runs on
     * @param work the setup; what it throws fails the attempt
     */
    SharedSetup(String threadName, Callable<T> work) {
        this.threadName = threadName;
        this.work = work;
    }

    /** @return the result of a successful setup, or {@code null} while none has succeeded */
    @Nullable T now() {
        CompletableFuture<T> f = current.get();
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.getNow(null) : null;
    }

    /**
     * The result of the setup: at once if it succeeded before, else of the attempt in flight, which this call starts
     * if there is none.
     *
     * @param bound the longest this caller waits
     * @return the result
     * @throws ExecutionException with what the attempt threw as the cause
     * @throws TimeoutException if the attempt did not end within {@code bound}; it goes on for the next caller
     * @throws InterruptedException if this caller was interrupted while waiting; the attempt goes on
     */
    T await(Duration bound) throws ExecutionException, TimeoutException, InterruptedException {
        CompletableFuture<T> f = current.get();
        while (f == null) {
            CompletableFuture<T> mine = new CompletableFuture<>();
            if (current.compareAndSet(null, mine)) {
                start(mine);
            }
            f = current.get();
        }
        if (f.isDone()) {
            return f.get();
        }
        return f.get(bound.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void start(CompletableFuture<T> attempt) {
        Thread thread = new Thread(() -> run(attempt), threadName);
        thread.setDaemon(true);
        running = thread;
        thread.start();
    }

    private void run(CompletableFuture<T> attempt) {
        try {
            attempt.complete(work.call());
        } catch (Throwable e) {
            // Forgotten before it is reported, so that a caller who sees the failure and calls again starts afresh.
            current.compareAndSet(attempt, null);
            attempt.completeExceptionally(e);
        } finally {
            if (running == Thread.currentThread()) {
                running = null;
            }
        }
    }

    /**
     * Waits, at most {@code bound}, for the attempt in flight to end (for {@code close()}, after it made the attempt
     * fail fast by closing what it uses).
     *
     * @param bound the longest wait
     */
    void awaitQuiet(Duration bound) {
        Thread thread = running;
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(Math.max(1, bound.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
