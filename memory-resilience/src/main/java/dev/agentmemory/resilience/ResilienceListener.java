package dev.agentmemory.resilience;

import dev.agentmemory.MemoryException;
import java.time.Duration;
import java.util.List;

/**
 * Observes what the resilience layer does: every call and how it ended, retries, exhausted retries, circuit state
 * changes, degradation and the write buffer. Every method has an empty default, so implement only what you need.
 *
 * <p>Listeners are called synchronously on the thread that caused the event (a caller's thread, or the store's
 * replay thread), so keep them fast. A listener that throws is logged and ignored: it never breaks the call.
 * Implementations must be thread-safe.
 */
public interface ResilienceListener {

    /** The outcome {@link #onCallCompleted} reports for a call that returned the backend's answer. */
    String SUCCESS = "success";

    /**
     * The outcome {@link #onCallCompleted} reports for a call that returned a degraded answer instead of failing: an
     * empty read in {@link DegradationMode#READ_EMPTY}, or a write acknowledged from the outbox in
     * {@link DegradationMode#BUFFER_WRITES}.
     */
    String DEGRADED = "degraded";

    /**
     * A call of a decorated store or embedder ended: fired once per call of its public methods that read or write
     * ({@code append}, {@code recent}, {@code store}, {@code search}, {@code embed}, ...; not {@code health},
     * {@code dimension} or {@code close}), whatever the outcome, after its last attempt. Writes replayed from the
     * outbox are not calls of the store's methods and fire nothing here.
     *
     * @param backend the backend, without credentials
     * @param operation the operation, the method's name, for example {@code append}
     * @param elapsed the wall time of the whole call as its caller saw it: every attempt and backoff, and for a
     *        long-term store the embedding of its text
     * @param outcome {@link #SUCCESS}, {@link #DEGRADED}, or the simple class name of the exception the caller got,
     *        for example {@code MemoryUnavailableException} (retries exhausted or circuit open),
     *        {@code InvalidMemoryRequestException} or {@code MemoryClosedException}
     */
    default void onCallCompleted(String backend, String operation, Duration elapsed, String outcome) {
    }

    /**
     * A call failed with a transient error and will be tried again after {@code delay}.
     *
     * @param backend the backend, without credentials
     * @param operation the operation, for example {@code append}
     * @param failedAttempts how many attempts of this call have failed so far (1 for the first retry)
     * @param delay the backoff before the next attempt
     * @param error the transient error of the last attempt
     */
    default void onRetry(String backend, String operation, int failedAttempts, Duration delay, MemoryException error) {
    }

    /**
     * A call gave up: retries or the time budget were exhausted. The caller gets a
     * {@link dev.agentmemory.MemoryUnavailableException} (or, in a degradation mode, a degraded answer).
     *
     * @param backend the backend, without credentials
     * @param operation the operation
     * @param attempts how many attempts were made
     * @param lastError the last transient error
     */
    default void onRetriesExhausted(String backend, String operation, int attempts, MemoryException lastError) {
    }

    /**
     * The circuit breaker changed state.
     *
     * @param backend the backend, without credentials
     * @param from the previous state
     * @param to the new state
     */
    default void onCircuitStateChange(String backend, CircuitState from, CircuitState to) {
    }

    /**
     * The store started answering in a degraded way: reads come back empty or writes are buffered.
     *
     * @param backend the backend, without credentials
     * @param mode the degradation mode
     * @param reason why, in one line
     */
    default void onDegradationStart(String backend, DegradationMode mode, String reason) {
    }

    /**
     * The store answers normally again (and, in {@link DegradationMode#BUFFER_WRITES}, the buffer is empty).
     *
     * @param backend the backend, without credentials
     * @param mode the degradation mode
     * @param degradedFor how long the store was degraded
     */
    default void onDegradationEnd(String backend, DegradationMode mode, Duration degradedFor) {
    }

    /**
     * A write was put into the outbox instead of being sent to the backend.
     *
     * @param backend the backend, without credentials
     * @param operation the operation ({@code append} or {@code store})
     * @param pending how many writes the outbox holds now
     */
    default void onWriteBuffered(String backend, String operation, int pending) {
    }

    /**
     * Buffered writes were written to the backend.
     *
     * @param backend the backend, without credentials
     * @param replayed how many writes this replay wrote
     * @param pending how many are still waiting
     */
    default void onBufferReplayed(String backend, int replayed, int pending) {
    }

    /**
     * Buffered writes that were acknowledged to their callers could not be written: the backend rejected one with
     * a permanent error during replay, or {@code close()} ran out of time. They are also logged at ERROR.
     *
     * @param backend the backend, without credentials
     * @param writeIds the ids of the entries or memories not written
     * @param cause the error that stopped them
     */
    default void onBufferedWritesLost(String backend, List<String> writeIds, MemoryException cause) {
    }
}
