package dev.agentmemory.resilience.internal;

import dev.agentmemory.MemoryClosedException;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.TransientMemoryException;
import dev.agentmemory.resilience.CircuitState;
import dev.agentmemory.resilience.ResiliencePolicy;
import dev.failsafe.RateLimiter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The outbox of {@link dev.agentmemory.resilience.DegradationMode#BUFFER_WRITES}: bounded, one FIFO per session (or
 * scope) of acknowledged writes, replayed in batches, several sessions at once, when the backend answers again.
 *
 * <p>Order: a write leaves the outbox only after the backend has accepted it (peek, write, then remove), and a
 * caller that finds writes of its session (or scope) still in the outbox queues behind them instead of going to the
 * backend. One replay worker at a time holds a session, so a write acknowledged later never reaches the backend
 * before one acknowledged earlier on the same key. Replay is idempotent because every write carries its
 * client-chosen id: a batch whose first attempt stored part of it before failing is stored once when it is sent again.
 *
 * <p>Throughput: a worker sends up to {@link ResiliencePolicy#bufferReplayBatch()} consecutive writes of its session
 * in one {@link BatchWriter} round trip ({@code appendAll}, {@code storeAll}), and up to
 * {@link ResiliencePolicy#bufferReplayConcurrency()} sessions replay at once; a session without a backlog writes
 * straight through meanwhile. One write per round trip from one thread drained slower than agents write, so the
 * backlog of a short outage never emptied while they kept writing.
 *
 * <p>Rate: with {@link ResiliencePolicy#bufferReplayRate()} set, a worker pays for every batch that reached the backend,
 * one permit per entry, to one smooth Failsafe {@link RateLimiter} of the store shared by all its workers, before it
 * sends its next batch; so a backlog of N entries takes at least about (N - concurrency x batch) / rate seconds to
 * replay and reaches a backend just back evenly. Attempts that fail cost no permits. Order is kept as always (a key's
 * batches go one after another); a write of a key without a backlog goes straight to the backend and never waits for
 * permits; a write of a key with a backlog is buffered behind it as always, refused only when the outbox is full. The
 * flush of {@link #closeAndFlush} is not limited: its own timeout bounds it, and a limit there would only lose writes
 * that it has the time to write.
 *
 * <p>Recovery: while the circuit is open, replay does not wait for the circuit's delay: every
 * {@link ResiliencePolicy#bufferProbeInterval()} one worker sends the oldest batch straight to the backend
 * ({@link CallGuard#callTrial}), one trial at a time; its success closes the circuit and the replay goes on at once.
 * Waiting out the delay let writers fill the outbox after the backend was back, so writes were refused needlessly.
 *
 * <p>Bounds: a write that would exceed the entry or byte bound is refused with
 * {@link MemoryUnavailableException}; nothing is dropped silently. A write the backend rejects with a permanent error
 * during replay can never be written: it is removed, logged at ERROR and reported to the listeners (a batch that
 * fails so is sent again one write at a time, so that only the write at fault is lost).
 *
 * <p>Replay threads exist only while there is something to replay (each exits after a second without work) and
 * {@link #closeAndFlush(Duration)} stops them. Thread-safe.
 */
final class WriteBuffer {

    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * Writes consecutive buffered writes of one key in one round trip.
     *
     * @param operation its name, for messages
     * @param writeAll sends the items of the writes, in order, for the key; idempotent by id
     */
    record BatchWriter(String operation, BiConsumer<Object, List<Object>> writeAll) {
    }

    /**
     * The outbox now.
     *
     * @param writes buffered writes
     * @param entries the entries (or memories) they write
     * @param oldestAgeMillis how long the oldest buffered write has waited, 0 if none
     * @param drainRate entries replayed per second over the last few seconds
     */
    record Stats(int writes, int entries, long oldestAgeMillis, double drainRate) {
    }

    private record Pending(BufferedWrite write, long bufferedAt) {
    }

    private final String backend;
    private final ResiliencePolicy policy;
    private final CallGuard guard;
    private final ResilienceEvents events;
    private final Degradation degradation;
    private final @Nullable BatchWriter batchWriter;
    private final DrainMeter drained = new DrainMeter();
    /** One permit per replayed entry, or null without a limit. */
    private final @Nullable RateLimiter<Object> replayRate;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition removed = lock.newCondition();
    /** Per key, oldest key first; a key is present exactly while it has buffered writes. */
    private final LinkedHashMap<Object, ArrayDeque<Pending>> queues = new LinkedHashMap<>();
    /** Keys a worker holds. */
    private final Set<Object> replaying = new HashSet<>();
    private int writes;
    private int entries;
    private long bytes;
    /** Replay tasks scheduled or running, and those of them that hold no key. */
    private int workers;
    private int idleWorkers;
    /** The last replay attempt failed as the backend is unavailable: workers stop and one retries later. */
    private boolean failing;
    /** A trial write is on its way to the backend past the open circuit; no second one starts meanwhile. */
    private boolean probing;
    /** No trial starts before this {@link System#nanoTime()}: one probe interval after the last one ended. */
    private long nextTrial = System.nanoTime();
    private boolean closing;
    private @Nullable ScheduledThreadPoolExecutor replayer;

    WriteBuffer(String backend, ResiliencePolicy policy, CallGuard guard, ResilienceEvents events,
                Degradation degradation, @Nullable BatchWriter batchWriter) {
        this.backend = backend;
        this.policy = policy;
        this.guard = guard;
        this.events = events;
        this.degradation = degradation;
        this.batchWriter = batchWriter;
        this.replayRate = policy.bufferReplayRate() > 0
                ? RateLimiter.smoothBuilder(policy.bufferReplayRate(), Duration.ofSeconds(1)).build() : null;
    }

    /** @return whether writes of this key are waiting */
    boolean hasPending(Object key) {
        lock.lock();
        try {
            return queues.containsKey(key);
        } finally {
            lock.unlock();
        }
    }

    /** @return how many writes are waiting */
    int size() {
        lock.lock();
        try {
            return writes;
        } finally {
            lock.unlock();
        }
    }

    /** @return the backlog, its age and the drain rate */
    Stats stats() {
        long now = System.nanoTime();
        long oldest = now;
        int w;
        int e;
        lock.lock();
        try {
            w = writes;
            e = entries;
            for (ArrayDeque<Pending> q : queues.values()) {
                Pending head = q.peekFirst();
                if (head != null && head.bufferedAt() - oldest < 0) {
                    oldest = head.bufferedAt();
                }
            }
        } finally {
            lock.unlock();
        }
        return new Stats(w, e, TimeUnit.NANOSECONDS.toMillis(now - oldest), drained.perSecond());
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
            if (writes + 1 > policy.bufferMaxEntries() || bytes + write.bytes() > policy.bufferMaxBytes()) {
                throw new MemoryUnavailableException(backend, write.operation(), "the backend is unavailable and "
                        + "the write buffer is full (" + writes + " writes, " + bytes + " bytes; options "
                        + "resilience.buffer.max-entries=" + policy.bufferMaxEntries()
                        + ", resilience.buffer.max-bytes=" + policy.bufferMaxBytes() + "): this write was NOT accepted",
                        trigger != null ? trigger : guard.lastTransient());
            }
            queues.computeIfAbsent(write.key(), k -> new ArrayDeque<>()).addLast(new Pending(write, System.nanoTime()));
            writes++;
            entries += write.ids().size();
            bytes += write.bytes();
            pending = writes;
        } finally {
            lock.unlock();
        }
        events.writeBuffered(write.operation(), pending);
        degradation.start("backend unavailable; writes are buffered and will be replayed in order");
        boolean closed = guard.circuitState() == CircuitState.CLOSED;
        Duration delay = closed ? Duration.ZERO : retryDelay();
        lock.lock();
        try {
            if (closed) {
                spawnWorkers();
            } else if (workers == 0) {
                startWorker(delay);
            }
        } finally {
            lock.unlock();
        }
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
            if (!queues.containsKey(key)) {
                return;
            }
            long deadline = System.nanoTime() + policy.budget().toNanos();
            while (queues.containsKey(key)) {
                long remaining = deadline - System.nanoTime();
                if (closing || remaining <= 0 || guard.circuitState() == CircuitState.OPEN) {
                    ArrayDeque<Pending> q = queues.get(key);
                    throw new MemoryUnavailableException(backend, operation, (q == null ? 0 : q.size())
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

    /**
     * @return when to try again: while the circuit is open, after the probe interval (the retry sends its oldest
     *         write past the circuit as a trial), so that a backlog does not wait out the circuit's whole delay after
     *         the backend is back and fill the outbox meanwhile; otherwise after the first backoff delay
     */
    private Duration retryDelay() {
        Duration open = guard.circuitRemainingDelay();
        if (open.isZero()) {
            return policy.backoffInitial();
        }
        return open.compareTo(policy.bufferProbeInterval()) < 0 ? open : policy.bufferProbeInterval();
    }

    /** Starts workers, with the lock held, while keys wait that no idle worker will take and the bound allows. */
    private void spawnWorkers() {
        while (!closing && workers < policy.bufferReplayConcurrency()
                && queues.size() - replaying.size() > idleWorkers) {
            startWorker(Duration.ZERO);
        }
    }

    /** Schedules one worker, with the lock held; the executor is shut down only after {@code closing} is set. */
    private void startWorker(Duration delay) {
        if (closing) {
            return;
        }
        if (replayer == null) {
            ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(policy.bufferReplayConcurrency(), r -> {
                Thread t = new Thread(r, "agentmemory-resilience-replay " + backend);
                t.setDaemon(true);
                return t;
            });
            ex.setKeepAliveTime(1, TimeUnit.SECONDS);
            ex.allowCoreThreadTimeOut(true);
            replayer = ex;
        }
        workers++;
        idleWorkers++;
        replayer.schedule(this::work, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * One replay worker: takes the oldest key no other worker holds, replays its writes in batches until it is empty
     * (or other keys wait: then it moves on, so no key starves), and takes the next, until none is left or the
     * backend fails; the last worker to stop after a failure schedules one retry.
     */
    private void work() {
        int written = 0;
        boolean first = true;
        try {
            while (true) {
                Object key = claim(first);
                if (key == null) {
                    return;
                }
                first = false;
                // After a failure the next claim stops this worker (and the last one schedules the retry).
                written += Math.max(0, replay(key));
            }
        } finally {
            int pending = size();
            if (written > 0) {
                events.bufferReplayed(written, pending);
            }
            if (pending == 0 && guard.circuitState() == CircuitState.CLOSED) {
                degradation.end();
            }
        }
    }

    /** @return a key for this worker, or null when it stops (its count is then released) */
    private @Nullable Object claim(boolean first) {
        lock.lock();
        try {
            if (!closing && (first || !failing)) {
                for (Object key : queues.keySet()) {
                    if (replaying.add(key)) {
                        idleWorkers--;
                        return key;
                    }
                }
            }
            workers--;
            idleWorkers--;
            if (failing && workers == 0 && !queues.isEmpty()) {
                startWorker(retryDelay());
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Replays the key's writes; @return the writes replayed, or -1 if the backend is unavailable */
    private int replay(Object key) {
        int written = 0;
        int singles = 0;
        while (true) {
            List<Pending> batch;
            boolean trial;
            lock.lock();
            try {
                ArrayDeque<Pending> q = queues.get(key);
                if (closing || q == null || q.isEmpty()) {
                    release(key, false);
                    return written;
                }
                batch = batch(q, singles > 0);
                trial = guard.circuitState() == CircuitState.OPEN;
                if (trial && (probing || System.nanoTime() - nextTrial < 0)) {
                    // One trial at a time, one per probe interval: an outage must not multiply the attempts that
                    // reach the backend.
                    failing = true;
                    release(key, false);
                    return -1;
                }
                probing |= trial;
            } finally {
                lock.unlock();
            }
            boolean released;
            try {
                if (trial) {
                    // Idempotent by id: a trial whose answer is lost is stored once when it is sent again.
                    try {
                        send(key, batch, (operation, call) -> guard.callTrial(operation, call));
                    } finally {
                        lock.lock();
                        try {
                            probing = false;
                            nextTrial = System.nanoTime() + policy.bufferProbeInterval().toNanos();
                        } finally {
                            lock.unlock();
                        }
                    }
                } else {
                    send(key, batch, (operation, call) -> guard.callOnce(operation, call));
                }
                lock.lock();
                try {
                    failing = false;
                    written += batch.size();
                    // Empty, or others wait: move on (a key that still has writes goes to the back of the line).
                    released = remove(key, batch) || queues.size() > replaying.size();
                    if (released) {
                        release(key, true);
                    }
                    spawnWorkers();
                } finally {
                    lock.unlock();
                }
            } catch (TransientMemoryException | MemoryUnavailableException e) {
                lock.lock();
                try {
                    failing = true;
                    release(key, false);
                } finally {
                    lock.unlock();
                }
                return -1;
            } catch (RuntimeException e) {
                if (batch.size() > 1) {
                    // One of them is at fault: send them again one by one so that only that one is lost.
                    singles = batch.size();
                    continue;
                }
                lost(key, batch.get(0), e);
                released = false;
            }
            if (!paced(batch)) {
                // Only close() interrupts a worker (shutdownNow): its flush writes what is left.
                if (!released) {
                    lock.lock();
                    try {
                        release(key, false);
                    } finally {
                        lock.unlock();
                    }
                }
                return written;
            }
            if (released) {
                return written;
            }
            if (singles > 0) {
                singles--;
            }
        }
    }

    /**
     * Pays for a batch that reached the backend: waits, holding no lock, until the replay rate allows its entries
     * (at once without a limit), so that this worker's next batch keeps to the rate. Paying after the round trip
     * rather than before means that attempts that fail (trials while the circuit is open, above all) cost nothing:
     * paid for in advance, a long outage's failed trials ran the limiter so far ahead that the replay waited for them
     * after the backend was back.
     *
     * @return false if close() interrupted the wait (the interrupt flag is set again)
     */
    private boolean paced(List<Pending> batch) {
        if (replayRate == null) {
            return true;
        }
        int entries = 0;
        for (Pending p : batch) {
            entries += p.write().ids().size();
        }
        try {
            replayRate.acquirePermits(Math.max(1, entries));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Releases the key with the lock held; {@code requeue} moves a key that still has writes to the back. */
    private void release(Object key, boolean requeue) {
        replaying.remove(key);
        idleWorkers++;
        if (requeue) {
            ArrayDeque<Pending> q = queues.remove(key);
            if (q != null) {
                queues.put(key, q);
            }
        }
    }

    /** @return the oldest writes of a key that one round trip can carry, at least one */
    private List<Pending> batch(ArrayDeque<Pending> q, boolean single) {
        List<Pending> batch = new ArrayList<>();
        Iterator<Pending> it = q.iterator();
        Pending head = it.next();
        batch.add(head);
        if (single || batchWriter == null || head.write().items().isEmpty()) {
            return batch;
        }
        int items = head.write().items().size();
        Set<String> ids = new HashSet<>(head.write().ids());
        while (it.hasNext()) {
            Pending next = it.next();
            List<?> more = next.write().items();
            if (more.isEmpty() || items + more.size() > policy.bufferReplayBatch()
                    || next.write().ids().stream().anyMatch(ids::contains)) {
                // A repeated id stays for the next round trip, where it is idempotent as always.
                break;
            }
            ids.addAll(next.write().ids());
            items += more.size();
            batch.add(next);
        }
        return batch;
    }

    /** How {@link #send} makes one attempt: through the circuit when replaying, with only a timeout when closing. */
    private interface Attempt {
        void run(String operation, Supplier<@Nullable Object> call);
    }

    /** Sends a batch: alone, a write as it was made; several, joined into one {@link BatchWriter} call. */
    private void send(Object key, List<Pending> batch, Attempt attempt) {
        if (batch.size() == 1) {
            BufferedWrite w = batch.get(0).write();
            attempt.run(w.operation(), () -> {
                w.write().run();
                return null;
            });
            return;
        }
        BatchWriter writer = batchWriter;
        if (writer == null) {
            throw new IllegalStateException("a batch of several writes needs a batch writer");
        }
        List<Object> items = new ArrayList<>();
        for (Pending p : batch) {
            items.addAll(p.write().items());
        }
        attempt.run(writer.operation(), () -> {
            writer.writeAll().accept(key, items);
            return null;
        });
    }

    /**
     * Removes written writes from the head of their key's queue, with the lock held; a write that is no longer there
     * (the flush of a close that did not wait for this worker wrote it) is skipped.
     *
     * @return whether the key has no writes left
     */
    private boolean remove(Object key, List<Pending> batch) {
        ArrayDeque<Pending> q = queues.get(key);
        for (Pending p : batch) {
            if (q != null && q.peekFirst() == p) {
                q.removeFirst();
                writes--;
                entries -= p.write().ids().size();
                bytes -= p.write().bytes();
                drained.record(p.write().ids().size());
            }
        }
        removed.signalAll();
        if (q != null && q.isEmpty()) {
            queues.remove(key);
            return true;
        }
        return q == null;
    }

    /** A write the backend rejected permanently: removed and reported. */
    private void lost(Object key, Pending write, RuntimeException e) {
        lock.lock();
        try {
            remove(key, List.of(write));
        } finally {
            lock.unlock();
        }
        events.bufferedWritesLost(write.write().ids(), asMemoryException(write.write(), e, "replayed"));
    }

    private MemoryException asMemoryException(BufferedWrite write, RuntimeException e, String when) {
        return e instanceof MemoryException m ? m : new MemoryUnavailableException(backend, write.operation(),
                "the store threw " + e.getClass().getName() + " while a buffered write was " + when, e);
    }

    /**
     * Stops the replay threads and tries, within {@code bound}, to write what is still buffered, in the same batches;
     * one attempt per batch, ignoring the circuit and the replay rate (the bound limits it), stopping at the first
     * failure.
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
        int singles = 0;
        flush:
        while (true) {
            Object key;
            List<Pending> batch;
            lock.lock();
            try {
                Iterator<Map.Entry<Object, ArrayDeque<Pending>>> it = queues.entrySet().iterator();
                if (!it.hasNext()) {
                    break;
                }
                Map.Entry<Object, ArrayDeque<Pending>> first = it.next();
                key = first.getKey();
                batch = batch(first.getValue(), singles > 0);
            } finally {
                lock.unlock();
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                failure = new MemoryUnavailableException(backend, "close", "ran out of time writing the buffer "
                        + "(option resilience.buffer.flush-timeout=" + bound + ")", guard.lastTransient());
                break;
            }
            Duration timeout = Duration.ofNanos(Math.min(remaining, policy.attemptTimeout().toNanos()));
            try {
                send(key, batch, (operation, call) -> guard.callDirect(operation, timeout, call));
                lock.lock();
                try {
                    remove(key, batch);
                } finally {
                    lock.unlock();
                }
                written += batch.size();
            } catch (TransientMemoryException | MemoryUnavailableException e) {
                failure = e;
                break;
            } catch (RuntimeException e) {
                if (batch.size() > 1) {
                    singles = batch.size();
                    continue flush;
                }
                lock.lock();
                try {
                    remove(key, batch);
                } finally {
                    lock.unlock();
                }
                lost.addAll(batch.get(0).write().ids());
                failure = asMemoryException(batch.get(0).write(), e, "flushed");
            }
            if (singles > 0) {
                singles--;
            }
        }
        lock.lock();
        try {
            for (ArrayDeque<Pending> q : queues.values()) {
                for (Pending p : q) {
                    lost.addAll(p.write().ids());
                }
            }
            queues.clear();
            replaying.clear();
            writes = 0;
            entries = 0;
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
