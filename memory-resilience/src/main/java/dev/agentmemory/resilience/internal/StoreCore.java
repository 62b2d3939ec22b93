package dev.agentmemory.resilience.internal;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryClosedException;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.resilience.CircuitState;
import dev.agentmemory.resilience.DegradationMode;
import dev.agentmemory.resilience.ResiliencePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the resilient short-term and long-term stores share: the guard, the degradation state, the outbox, the
 * closed flag, health and close. Thread-safe.
 */
final class StoreCore {

    private final String backend;
    private final ResiliencePolicy policy;
    private final ResilienceEvents events;
    private final CallGuard guard;
    private final Degradation degradation;
    private final @Nullable WriteBuffer buffer;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param ticker the time in nanoseconds for the resilience log's durations and rate limit; tests give their own
     * @param batchWriter writes several buffered writes of one key in one round trip
     */
    StoreCore(String backend, ResiliencePolicy policy, LongSupplier ticker, WriteBuffer.BatchWriter batchWriter) {
        this.backend = backend;
        this.policy = policy;
        this.events = new ResilienceEvents(backend, policy, ticker);
        this.guard = new CallGuard(backend, policy, events);
        this.degradation = new Degradation(policy.degradation(), events);
        this.buffer = policy.degradation() == DegradationMode.BUFFER_WRITES
                ? new WriteBuffer(backend, policy, guard, events, degradation, batchWriter) : null;
    }

    void checkOpen(String operation) {
        if (closed.get()) {
            throw new MemoryClosedException(backend, operation, "the store is closed; open a new one");
        }
    }

    /**
     * Runs one call of the store's public methods and reports it to the listeners once, whatever its outcome; the
     * body runs the call through {@link #call}, {@link #read}, {@link #write} or {@link #bufferable}, which mark a
     * degraded answer.
     */
    <T> T observed(String operation, Function<ObservedCall, T> body) {
        return events.observed(operation, body);
    }

    /** A call with no degraded answer: the policy's retries, circuit and bulkhead, then the error as it is. */
    <T> T call(ObservedCall call, Supplier<T> action) {
        checkOpen(call.operation());
        T result = guard.call(call.operation(), action);
        recovered();
        return result;
    }

    /** A read: in {@code READ_EMPTY} mode, {@code empty} while the backend is unavailable. */
    <T> T read(ObservedCall call, Supplier<T> action, T empty) {
        try {
            return call(call, action);
        } catch (MemoryUnavailableException e) {
            if (policy.degradation() != DegradationMode.READ_EMPTY || Thread.currentThread().isInterrupted()) {
                throw e;
            }
            degradation.start("backend unavailable; reads return empty (" + e.getMessage() + ")");
            call.degraded();
            return empty;
        }
    }

    /** A write that cannot be buffered: it waits for buffered writes of its key so as not to overtake them. */
    <T> T write(ObservedCall call, Object key, Supplier<T> action) {
        checkOpen(call.operation());
        if (buffer != null) {
            buffer.awaitNoPending(key, call.operation());
        }
        return call(call, action);
    }

    /**
     * A write that {@code BUFFER_WRITES} may put in the outbox: when writes of its key are already waiting (so it
     * queues behind them), or when the backend is unavailable.
     */
    <T> T bufferable(ObservedCall call, Object key, Supplier<T> action, Supplier<BufferedWrite> asBuffered,
                     Supplier<T> acknowledgement) {
        checkOpen(call.operation());
        if (buffer == null) {
            return call(call, action);
        }
        if (buffer.hasPending(key)) {
            buffer.add(asBuffered.get(), null);
            call.degraded();
            return acknowledgement.get();
        }
        try {
            return call(call, action);
        } catch (MemoryUnavailableException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            buffer.add(asBuffered.get(), e);
            call.degraded();
            return acknowledgement.get();
        }
    }

    private void recovered() {
        if (degradation.isDegraded() && (buffer == null || buffer.size() == 0)
                && guard.circuitState() == CircuitState.CLOSED) {
            degradation.end();
        }
    }

    /**
     * The wrapped store's health, with the resilience state on top: DEGRADED while the circuit is not closed or
     * writes are buffered (when the backend itself answers), DEGRADED instead of DOWN in a degradation mode (the
     * store still answers), DOWN in {@code FAIL} mode when the backend is down.
     */
    Health health(Supplier<Health> inner) {
        checkOpen("health");
        Health h;
        try {
            h = inner.get();
        } catch (MemoryClosedException e) {
            throw e;
        } catch (MemoryException e) {
            h = Health.down(e.getMessage());
        }
        CircuitState circuit = guard.circuitState();
        WriteBuffer.Stats backlog = buffer == null ? new WriteBuffer.Stats(0, 0, 0, 0) : buffer.stats();
        int pending = backlog.writes();
        List<String> reasons = new ArrayList<>();
        if (circuit != CircuitState.CLOSED) {
            reasons.add("circuit " + circuit.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        if (pending > 0) {
            reasons.add(pending + " writes buffered");
        }
        if (degradation.isDegraded() && policy.degradation() == DegradationMode.READ_EMPTY) {
            reasons.add("reads return empty");
        }
        Health.Status status = h.status();
        if (status == Health.Status.UP && !reasons.isEmpty()) {
            status = Health.Status.DEGRADED;
        } else if (status == Health.Status.DOWN && policy.degradation() != DegradationMode.FAIL) {
            status = Health.Status.DEGRADED;
        }
        String detail = reasons.isEmpty() ? h.detail() : h.detail() + "; " + String.join(", ", reasons);
        Map<String, String> attributes = new LinkedHashMap<>(h.attributes());
        attributes.put("resilience.circuit", circuit.name());
        attributes.put("resilience.retries", Long.toString(guard.retries()));
        attributes.put("resilience.degradation", policy.degradation().name());
        attributes.put("resilience.degraded-ms", Long.toString(degradation.total().toMillis()));
        attributes.put("resilience.buffered", Integer.toString(pending));
        attributes.put("resilience.backlog", Integer.toString(backlog.entries()));
        attributes.put("resilience.backlog-age-ms", Long.toString(backlog.oldestAgeMillis()));
        attributes.put("resilience.drain-rate", String.format(Locale.ROOT, "%.1f", backlog.drainRate()));
        return new Health(status, detail, h.latency(), attributes);
    }

    /**
     * Closes: flushes the outbox within its bound, closes the wrapped store, stops every thread. Idempotent.
     *
     * @throws MemoryUnavailableException after everything is closed, if buffered writes could not be written; the
     *         message lists their ids
     */
    void close(Runnable closeWrapped) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        WriteBuffer.FlushReport report = null;
        RuntimeException failure = null;
        try {
            if (buffer != null) {
                report = buffer.closeAndFlush(policy.bufferFlushTimeout());
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            closeWrapped.run();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        } finally {
            guard.close();
        }
        if (report != null && !report.unwrittenIds().isEmpty()) {
            MemoryException cause = report.cause() != null ? report.cause()
                    : new MemoryUnavailableException(backend, "close", "the backend did not answer");
            events.bufferedWritesLost(report.unwrittenIds(), cause);
            MemoryUnavailableException lost = new MemoryUnavailableException(backend, "close",
                    report.unwrittenIds().size() + " acknowledged buffered writes could not be written before close "
                    + "(option resilience.buffer.flush-timeout=" + policy.bufferFlushTimeout() + "); ids: "
                    + report.unwrittenIds(), cause);
            if (failure != null) {
                lost.addSuppressed(failure);
            }
            throw lost;
        }
        if (failure != null) {
            throw failure;
        }
    }
}
