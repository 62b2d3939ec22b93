package dev.agentmemory.resilience.internal;

import dev.agentmemory.MemoryClosedException;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.TransientMemoryException;
import dev.agentmemory.resilience.CircuitState;
import dev.agentmemory.resilience.ResiliencePolicy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The outbox of {@link dev.agentmemory.resilience.DegradationMode#BUFFER_WRITES}: a bounded FIFO of acknowledged
 * writes, replayed in order by one thread when the backend answers again.
 *
 * <p>Order: a write leaves the outbox only after the backend has accepted it (peek, write, then remove), and a
 * caller that finds writes of its session (or scope) still in the outbox queues behind them instead of going to the
 * backend. So a write acknowledged later never reaches the backend before one acknowledged earlier on the same key.
 * Replay is idempotent because every write carries its client-chosen id: a write whose first attempt reached the
 * backend before its response was lost is stored once.
 *
 * <p>Bounds: a write that would exceed the entry or byte bound is refused with
 * {@link MemoryUnavailableException}; nothing is dropped silently. A write the backend rejects with a permanent error
 * during replay can never be written: it is removed, logged at ERROR and reported to the listeners.
 *
 * <p>The replay thread exists only while there is something to replay (it exits after a second without work) and
 * {@link #closeAndFlush(Duration)} stops it. Thread-safe.
 */
final class WriteBuffer {

    private static final Duration POLL = Duration.ofMillis(100);

    private final String backend;
    private final ResiliencePolicy policy;
    private final CallGuard guard;
    private final ResilienceEvents events;
    private final Degradation degradation;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition removed = lock.newCondition();
    private final ArrayDeque<BufferedWrite> queue = new ArrayDeque<>();
    private final Map<Object, Integer> pendingByKey = new HashMap<>();
    private long bytes;
    private boolean replayScheduled;
    private boolean closing;
    private @Nullable ScheduledThreadPoolExecutor replayer;

    WriteBuffer(String backend, ResiliencePolicy policy, CallGuard guard, ResilienceEvents events,
                Degradation degradation) {
        this.backend = backend;
        this.policy = policy;
        this.guard = guard;
        this.events = events;
        this.degradation = degradation;
    }

    /** @return whether writes of this key are waiting */
    boolean hasPending(Object key) {
        lock.lock();
        try {
            return pendingByKey.containsKey(key);
        } finally {
            lock.unlock();
        }
    }

    /** @return how many writes are waiting */
    int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends an acknowledged write.
     *
     * @param write the write
     * @param trigger why it is buffered (the backend's unavailability), or null when it queues behind others
     * @throws MemoryUnavailableException if the outbox is full
     * @throws MemoryClosedException if the store is closing
     */
    void add(BufferedWrite write, @Nullable MemoryException trigger) {
        int pending;
        lock.lock();
        try {
            if (closing) {
                throw new MemoryClosedException(backend, write.operation(), "the store is closed; open a new one");
            }
            if (queue.size() + 1 > policy.bufferMaxEntries() || bytes + write.bytes() > policy.bufferMaxBytes()) {
                throw new MemoryUnavailableException(backend, write.operation(), "the backend is unavailable and "
                        + "the write buffer is full (" + queue.size() + " writes, " + bytes + " bytes; options "
                        + "resilience.buffer.max-entries=" + policy.bufferMaxEntries()
                        + ", resilience.buffer.max-bytes=" + policy.bufferMaxBytes() + "): this write was NOT accepted",
                        trigger != null ? trigger : guard.lastTransient());
            }
            queue.addLast(write);
            pendingByKey.merge(write.key(), 1, Integer::sum);
            bytes += write.bytes();
            pending = queue.size();
        } finally {
            lock.unlock();
        }
        events.writeBuffered(write.operation(), pending);
        degradation.start("backend unavailable; writes are buffered and will be replayed in order");
        scheduleReplay(guard.circuitState() == CircuitState.CLOSED ? Duration.ZERO : retryDelay());
    }

    /**
     * Waits until no write of this key is in the outbox, so that a write that cannot be buffered (expire, clear,
     * delete, updateImportance) does not overtake buffered ones.
     *
     * @throws MemoryUnavailableException if the circuit is open, the budget passes first, or the caller is interrupted
     */
    void awaitNoPending(Object key, String operation) {
        lock.lock();
        try {
            if (!pendingByKey.containsKey(key)) {
                return;
            }
            long deadline = System.nanoTime() + policy.budget().toNanos();
            while (pendingByKey.containsKey(key)) {
                long remaining = deadline - System.nanoTime();
                if (closing || remaining <= 0 || guard.circuitState() == CircuitState.OPEN) {
                    throw new MemoryUnavailableException(backend, operation, pendingByKey.get(key)
                            + " buffered writes of the same session or scope are waiting for the backend; "
                            + operation + " cannot overtake them now (the backend is unavailable)",
                            guard.lastTransient());
                }
                // Wake up now and then to notice the circuit opening while we wait.
                removed.awaitNanos(Math.min(remaining, POLL.toNanos()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemoryUnavailableException(backend, operation, "interrupted while waiting for buffered writes"
                    + " to be replayed; the thread keeps its interrupt flag", guard.lastTransient());
        } finally {
            lock.unlock();
        }
    }

    private Duration retryDelay() {
        Duration open = guard.circuitRemainingDelay();
        return open.compareTo(policy.backoffInitial()) > 0 ? open : policy.backoffInitial();
    }

    private void scheduleReplay(Duration delay) {
        ScheduledThreadPoolExecutor ex;
        lock.lock();
        try {
            if (closing || replayScheduled) {
                return;
            }
            replayScheduled = true;
            if (replayer == null) {
                replayer = new ScheduledThreadPoolExecutor(1, r -> {
                    Thread t = new Thread(r, "agentmemory-resilience-replay " + backend);
                    t.setDaemon(true);
                    return t;
                });
                replayer.setKeepAliveTime(1, TimeUnit.SECONDS);
                replayer.allowCoreThreadTimeOut(true);
            }
            ex = replayer;
        } finally {
            lock.unlock();
        }
        try {
            ex.schedule(this::replay, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // close() shut the replayer down in between; it flushes what is left itself.
        }
    }

    private @Nullable BufferedWrite head() {
        lock.lock();
        try {
            replayScheduled = false;
            return closing ? null : queue.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    private void remove(BufferedWrite write) {
        lock.lock();
        try {
            if (queue.peekFirst() == write) {
                queue.removeFirst();
                pendingByKey.computeIfPresent(write.key(), (k, n) -> n == 1 ? null : n - 1);
                bytes -= write.bytes();
                removed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes the outbox, oldest first, one attempt each through the circuit breaker; reschedules itself on failure. */
    private void replay() {
        int written = 0;
        boolean failed = false;
        while (true) {
            BufferedWrite head = head();
            if (head == null) {
                break;
            }
            try {
                guard.callOnce(head.operation(), () -> {
                    head.write().run();
                    return null;
                });
                remove(head);
                written++;
            } catch (TransientMemoryException | MemoryUnavailableException e) {
                failed = true;
                break;
            } catch (MemoryException e) {
                remove(head);
                events.bufferedWritesLost(head.ids(), e);
            } catch (RuntimeException e) {
                remove(head);
                events.bufferedWritesLost(head.ids(), new MemoryUnavailableException(backend, head.operation(),
                        "the store threw " + e.getClass().getName() + " while a buffered write was replayed", e));
            }
        }
        int pending = size();
        if (written > 0) {
            events.bufferReplayed(written, pending);
        }
        if (failed) {
            scheduleReplay(retryDelay());
        } else if (pending == 0 && guard.circuitState() == CircuitState.CLOSED) {
            degradation.end();
        }
    }

    /**
     * Stops the replay thread and tries, within {@code bound}, to write what is still buffered; one attempt per
     * write, ignoring the circuit, stopping at the first failure.
     *
     * @param bound how long to try
     * @return what could not be written, and why
     */
    FlushReport closeAndFlush(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        ScheduledThreadPoolExecutor ex;
        lock.lock();
        try {
            closing = true;
            ex = replayer;
            replayer = null;
        } finally {
            lock.unlock();
        }
        if (ex != null) {
            ex.shutdownNow();
            try {
                ex.awaitTermination(bound.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int written = 0;
        MemoryException failure = null;
        List<String> lost = new ArrayList<>();
        while (true) {
            BufferedWrite head;
            lock.lock();
            try {
                head = queue.peekFirst();
            } finally {
                lock.unlock();
            }
            if (head == null) {
                break;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                failure = new MemoryUnavailableException(backend, "close", "ran out of time writing the buffer "
                        + "(option resilience.buffer.flush-timeout=" + bound + ")", guard.lastTransient());
                break;
            }
            try {
                guard.callDirect(head.operation(), Duration.ofNanos(Math.min(remaining,
                        policy.attemptTimeout().toNanos())), () -> {
                    head.write().run();
                    return null;
                });
                remove(head);
                written++;
            } catch (TransientMemoryException | MemoryUnavailableException e) {
                failure = e;
                break;
            } catch (MemoryException e) {
                remove(head);
                lost.addAll(head.ids());
                failure = e;
            } catch (RuntimeException e) {
                remove(head);
                lost.addAll(head.ids());
                failure = new MemoryUnavailableException(backend, head.operation(), "the store threw "
                        + e.getClass().getName() + " while a buffered write was flushed", e);
            }
        }
        lock.lock();
        try {
            for (BufferedWrite w : queue) {
                lost.addAll(w.ids());
            }
            queue.clear();
            pendingByKey.clear();
            bytes = 0;
            removed.signalAll();
        } finally {
            lock.unlock();
        }
        if (written > 0) {
            events.bufferReplayed(written, 0);
        }
        return new FlushReport(lost, failure);
    }

    /**
     * What {@link #closeAndFlush} could not write.
     *
     * @param unwrittenIds the ids of the writes that are lost
     * @param cause why, or null if everything was written
     */
    record FlushReport(List<String> unwrittenIds, @Nullable MemoryException cause) {
    }
}
