package dev.agentmemory.resilience.internal;

import dev.agentmemory.MemoryBusyException;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryTimeoutException;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.TransientMemoryException;
import dev.agentmemory.resilience.CircuitState;
import dev.agentmemory.resilience.ResiliencePolicy;
import dev.failsafe.Bulkhead;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.event.CircuitBreakerStateChangedEvent;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The policies of one wrapped store or embedder, on Failsafe: bulkhead, then retries, then the circuit breaker,
 * then the attempt timeout. Every outcome leaves here as a {@link MemoryException} of the agentmemory taxonomy;
 * no Failsafe type escapes. Thread-safe.
 */
final class CallGuard implements AutoCloseable {

    private final String backend;
    private final ResiliencePolicy policy;
    private final ResilienceEvents events;
    private final CircuitBreaker<Object> circuit;
    private final Bulkhead<Object> bulkhead;
    private final AttemptTimer timer;
    private final AtomicReference<@Nullable MemoryException> lastTransient = new AtomicReference<>();
    private final LongAdder retries = new LongAdder();
    /** Set while {@link #callTrial} closes the circuit, so that the event says why. */
    private volatile boolean closingAfterTrial;

    CallGuard(String backend, ResiliencePolicy policy, ResilienceEvents events) {
        this.backend = backend;
        this.policy = policy;
        this.events = events;
        this.circuit = CircuitBreaker.builder()
                .handleIf(CallGuard::isTransient)
                .withFailureThreshold(policy.circuitFailureThreshold())
                .withSuccessThreshold(1)
                .withDelay(policy.circuitDelay())
                .onOpen(e -> circuitChanged(e, CircuitState.OPEN))
                .onHalfOpen(e -> circuitChanged(e, CircuitState.HALF_OPEN))
                .onClose(e -> circuitChanged(e, CircuitState.CLOSED))
                .build();
        // Only the non-waiting tryAcquirePermit() is used: Failsafe 3.3.2 loses a permit each time a timed wait
        // for one gives up (failsafe-lib/failsafe#393), which would shrink the bulkhead for good.
        this.bulkhead = Bulkhead.of(policy.bulkhead());
        this.timer = new AttemptTimer(backend);
    }

    private static boolean isTransient(Throwable e) {
        return e instanceof TransientMemoryException;
    }

    private void circuitChanged(CircuitBreakerStateChangedEvent e, CircuitState to) {
        String why = switch (to) {
            case OPEN -> "failing fast for " + policy.circuitDelay().toMillis() + " ms after transient failures";
            case HALF_OPEN -> "letting a trial call through";
            case CLOSED -> closingAfterTrial ? "a buffered write replayed as a trial succeeded"
                    : "the backend answers again";
        };
        events.circuit(state(e.getPreviousState()), to, why);
    }

    private static CircuitState state(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN -> CircuitState.OPEN;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
            case CLOSED -> CircuitState.CLOSED;
        };
    }

    /** @return the circuit breaker's state now */
    CircuitState circuitState() {
        return state(circuit.getState());
    }

    /** @return how long the circuit stays open before a trial call; zero unless open */
    Duration circuitRemainingDelay() {
        return circuit.isOpen() ? circuit.getRemainingDelay() : Duration.ZERO;
    }

    /** @return retries made so far by calls through this guard */
    long retries() {
        return retries.sum();
    }

    /** @return the last transient error seen, if any */
    @Nullable MemoryException lastTransient() {
        return lastTransient.get();
    }

    /**
     * Runs a call through the bulkhead, retries, circuit breaker and attempt timeout.
     *
     * @param operation the operation name, for messages
     * @param action the call to the wrapped store
     * @return its result
     * @throws MemoryException a permanent error of the call unchanged, {@link MemoryBusyException} when the bulkhead
     *         is full, {@link MemoryUnavailableException} when retries or the budget are exhausted, the circuit is
     *         open or the caller was interrupted
     */
    <T> T call(String operation, Supplier<T> action) {
        if (!bulkhead.tryAcquirePermit()) {
            throw new MemoryBusyException(backend, operation, "bulkhead full: " + policy.bulkhead()
                    + " calls already in flight (option resilience.bulkhead)");
        }
        try {
            return retrying(operation, action);
        } finally {
            bulkhead.releasePermit();
        }
    }

    /**
     * Runs one attempt through the circuit breaker and the attempt timeout, without retries or bulkhead: for
     * replaying buffered writes.
     */
    <T> T callOnce(String operation, Supplier<T> action) {
        long started = events.nanoTime();
        try {
            T result = Failsafe.with(circuit).get(() -> timer.run(operation, policy.attemptTimeout(), action));
            events.callSucceeded();
            return result;
        } catch (CircuitBreakerOpenException e) {
            throw failed(started, circuitOpen(operation));
        } catch (TransientMemoryException e) {
            lastTransient.set(e);
            throw failed(started, e);
        } catch (FailsafeException e) {
            throw unwrap(operation, e, started, 1);
        }
    }

    /** Runs one attempt with only a timeout, ignoring the circuit: for the last flush in {@code close()}. */
    <T> T callDirect(String operation, Duration timeout, Supplier<T> action) {
        return timer.run(operation, timeout, action);
    }

    /**
     * Runs one attempt with only the attempt timeout, bypassing an open circuit, and closes the circuit when it
     * succeeds: the write buffer's trial of its oldest write, so that the backlog drains as soon as the backend is
     * back instead of after the circuit's delay. The caller makes one such trial at a time.
     */
    <T> T callTrial(String operation, Supplier<T> action) {
        long started = events.nanoTime();
        T result;
        try {
            result = timer.run(operation, policy.attemptTimeout(), action);
        } catch (TransientMemoryException e) {
            lastTransient.set(e);
            throw failed(started, e);
        }
        events.callSucceeded();
        if (!circuit.isClosed()) {
            closingAfterTrial = true;
            try {
                circuit.close();
            } finally {
                closingAfterTrial = false;
            }
        }
        return result;
    }

    private <T> T retrying(String operation, Supplier<T> action) {
        long started = events.nanoTime();
        long budget = policy.budget().toNanos();
        int[] attempts = {0};
        boolean[] exhausted = {false};
        long[] nextDelay = {0};
        // The budget is kept here, on the store's monotonic clock, rather than with Failsafe's withMaxDuration, which
        // measures with Instant.now() (the wall clock) and cuts the last delay short to end at the budget: a sleep of
        // whole milliseconds then wakes a fraction of one before it, and a backend that fails at once was tried 15
        // times in that fraction. A retry is made only when its whole backoff delay ends inside the budget. Failsafe
        // computes the delay (withDelayFn) before it asks abortIf, so the delay checked is the one it would wait.
        RetryPolicy<Object> retry = RetryPolicy.builder()
                .handleIf(CallGuard::isTransient)
                .abortIf((result, error) -> error != null && (Thread.currentThread().isInterrupted()
                        || events.nanoTime() - started + nextDelay[0] > budget))
                .withMaxRetries(policy.maxRetries())
                .withDelayFn(ctx -> {
                    Duration delay = Backoff.delay(policy, ctx.getAttemptCount(), ThreadLocalRandom.current().nextDouble());
                    nextDelay[0] = delay.toNanos();
                    return delay;
                })
                .onRetryScheduled(e -> {
                    retries.increment();
                    events.retry(operation, e.getAttemptCount(), e.getDelay(), (MemoryException) e.getLastException());
                })
                .onRetriesExceeded(e -> exhausted[0] = true)
                .build();
        try {
            T result = Failsafe.with(retry, circuit).get(() -> {
                attempts[0]++;
                try {
                    return timer.run(operation, policy.attemptTimeout(), action);
                } catch (TransientMemoryException e) {
                    lastTransient.set(e);
                    throw e;
                }
            });
            events.callSucceeded();
            return result;
        } catch (CircuitBreakerOpenException e) {
            throw failed(started, circuitOpen(operation));
        } catch (TransientMemoryException e) {
            Duration elapsed = Duration.ofNanos(events.nanoTime() - started);
            if (!exhausted[0] && Thread.currentThread().isInterrupted()) {
                throw new MemoryUnavailableException(backend, operation, "interrupted: stopped retrying after "
                        + attempts[0] + " attempts; the thread keeps its interrupt flag", e);
            }
            events.retriesExhausted(operation, attempts[0], elapsed, e);
            throw failed(started, new MemoryUnavailableException(backend, operation, "gave up after " + attempts[0]
                    + " attempts in " + elapsed.toMillis() + " ms (options resilience.max-retries="
                    + policy.maxRetries() + ", resilience.budget=" + policy.budget() + "); last error: "
                    + e.getMessage(), e));
        } catch (FailsafeException e) {
            throw unwrap(operation, e, started, attempts[0]);
        }
    }

    /** Counts a call that failed because the backend is unavailable towards the outage the log reports. */
    private <E extends MemoryException> E failed(long started, E error) {
        // The backend's own error says why it is unavailable; the wrapper's message only says that we gave up.
        events.callFailed(started, error.getCause() instanceof MemoryException backendError ? backendError : error);
        return error;
    }

    private MemoryUnavailableException circuitOpen(String operation) {
        return new MemoryUnavailableException(backend, operation, "circuit breaker open: failing fast without "
                + "calling the backend for another " + circuitRemainingDelay().toMillis()
                + " ms (options resilience.circuit.failure-threshold, resilience.circuit.delay)", lastTransient.get());
    }

    /** Failsafe wraps checked exceptions only: here, the interruption of a backoff sleep. */
    private RuntimeException unwrap(String operation, FailsafeException e, long started, int attempts) {
        if (e.getCause() instanceof InterruptedException) {
            // Failsafe has already restored the interrupt flag.
            return new MemoryUnavailableException(backend, operation, "interrupted while waiting to retry after "
                    + attempts + " attempts in " + Duration.ofNanos(events.nanoTime() - started).toMillis()
                    + " ms; the thread keeps its interrupt flag", lastTransient.get());
        }
        return new MemoryUnavailableException(backend, operation, "unexpected failure in the resilience layer: "
                + e.getCause(), e.getCause());
    }

    /** Stops the attempt timer's thread. Idempotent. */
    @Override
    public void close() {
        timer.close();
    }

    /** Creates a timeout error for an attempt; shared with {@link AttemptTimer}. */
    static MemoryTimeoutException attemptTimedOut(String backend, String operation, Duration timeout,
                                                  @Nullable Throwable cause) {
        return new MemoryTimeoutException(backend, operation, "attempt took longer than " + timeout.toMillis()
                + " ms and was interrupted (option resilience.attempt-timeout)", cause);
    }
}
