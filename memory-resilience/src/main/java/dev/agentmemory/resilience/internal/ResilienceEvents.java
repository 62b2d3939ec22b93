package dev.agentmemory.resilience.internal;

import dev.agentmemory.MemoryException;
import dev.agentmemory.resilience.CircuitState;
import dev.agentmemory.resilience.DegradationMode;
import dev.agentmemory.resilience.ResilienceListener;
import dev.agentmemory.resilience.ResiliencePolicy;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Fans each resilience event out to the log, the listeners (a throwing listener is logged and ignored) and JDK
 * Flight Recorder. Thread-safe.
 *
 * <p>The log says what an operator needs without flooding: the start of an outage once (ERROR, "unavailable
 * since"), its end once (INFO, with its length and the number of failed calls), and the per-call lines (a retry, a
 * call that gave up) at most once per {@link ResiliencePolicy#logInterval()} and kind, each saying how many similar
 * lines were held back. Listeners and Flight Recorder still see every event.
 */
final class ResilienceEvents {

    private static final System.Logger LOG = System.getLogger("dev.agentmemory.resilience");

    private final String backend;
    private final List<ResilienceListener> listeners;
    private final LongSupplier ticker;
    private final LogLimiter limiter;
    private final Object outageLock = new Object();
    /** Read without the lock on every successful call, so that a call in good times takes no lock. */
    private volatile boolean inOutage;
    private long outageStartNanos; // guarded by outageLock
    private long failedCalls; // guarded by outageLock

    /**
     * @param backend the backend's name for log lines
     * @param policy the policy: listeners and the log interval
     * @param ticker the time in nanoseconds, as {@link System#nanoTime()}; tests give their own
     */
    ResilienceEvents(String backend, ResiliencePolicy policy, LongSupplier ticker) {
        this.backend = backend;
        this.listeners = List.copyOf(policy.listeners());
        this.ticker = ticker;
        this.limiter = new LogLimiter(policy.logInterval(), ticker);
    }

    String backend() {
        return backend;
    }

    /** @return the time in nanoseconds, from the same source as every duration this logs */
    long nanoTime() {
        return ticker.getAsLong();
    }

    /**
     * A call failed because the backend is unavailable (retries exhausted or the circuit open). The first such call
     * after a success starts an outage: one ERROR line.
     *
     * @param startedNanos when the failed call started, from {@link #nanoTime()}
     * @param cause why it failed
     */
    void callFailed(long startedNanos, MemoryException cause) {
        synchronized (outageLock) {
            if (inOutage) {
                failedCalls++;
                return;
            }
            inOutage = true;
            outageStartNanos = startedNanos;
            failedCalls = 1;
        }
        Instant since = Instant.now().minusNanos(Math.max(0, ticker.getAsLong() - startedNanos));
        LOG.log(Level.ERROR, () -> "backend " + backend + " unavailable since " + since + " ("
                + cause.getMessage() + ")");
    }

    /** A call succeeded: ends an outage, if one is running, with one INFO line. */
    void callSucceeded() {
        if (!inOutage) {
            return;
        }
        long lengthNanos;
        long failed;
        synchronized (outageLock) {
            if (!inOutage) {
                return;
            }
            inOutage = false;
            lengthNanos = ticker.getAsLong() - outageStartNanos;
            failed = failedCalls;
        }
        long heldBack = limiter.reset();
        LOG.log(Level.INFO, () -> "backend " + backend + " available again after " + lengthNanos / 1_000_000
                + " ms, " + failed + " failed calls" + (heldBack == 0 ? ""
                : "; " + heldBack + " per-call log lines held back since the last one"));
    }

    /** The note on a per-call line that says how many like it were held back before it. */
    private static String heldBackNote(long heldBack) {
        return heldBack == 0 ? "" : " [" + heldBack + " similar lines held back since the last one]";
    }

    /**
     * Runs one call of a public method of a decorated store or embedder and reports it to the listeners once,
     * whatever its outcome: {@link ResilienceListener#SUCCESS}, {@link ResilienceListener#DEGRADED} when the body
     * marked the call degraded, or the simple class name of what it threw (rethrown unchanged).
     *
     * @param operation the method's name
     * @param body the call; it marks a degraded answer on the {@link ObservedCall} it is given
     * @return what the body returned
     */
    <T> T observed(String operation, Function<ObservedCall, T> body) {
        ObservedCall call = new ObservedCall(operation);
        long started = ticker.getAsLong();
        String outcome = ResilienceListener.SUCCESS;
        try {
            T result = body.apply(call);
            if (call.isDegraded()) {
                outcome = ResilienceListener.DEGRADED;
            }
            return result;
        } catch (RuntimeException | Error e) {
            outcome = e.getClass().getSimpleName();
            throw e;
        } finally {
            Duration elapsed = Duration.ofNanos(Math.max(0, ticker.getAsLong() - started));
            String ended = outcome;
            notify(l -> l.onCallCompleted(backend, operation, elapsed, ended));
        }
    }

    void retry(String operation, int failedAttempts, Duration delay, MemoryException error) {
        long heldBack = limiter.admit("retry");
        if (heldBack != LogLimiter.HOLD_BACK) {
            LOG.log(Level.WARNING, () -> operation + " on " + backend + " failed (attempt " + failedAttempts
                    + "), retrying in " + delay.toMillis() + " ms: " + error.getMessage() + heldBackNote(heldBack));
        }
        RetryEvent event = new RetryEvent();
        if (event.isEnabled()) {
            event.backend = backend;
            event.operation = operation;
            event.failedAttempts = failedAttempts;
            event.delay = delay.toMillis();
            event.error = error.getClass().getSimpleName() + ": " + error.getMessage();
            event.commit();
        }
        notify(l -> l.onRetry(backend, operation, failedAttempts, delay, error));
    }

    /** One failed call among many in an outage: a WARNING, held back like the retries; the outage has the ERROR. */
    void retriesExhausted(String operation, int attempts, Duration elapsed, MemoryException lastError) {
        long heldBack = limiter.admit("gave-up");
        if (heldBack != LogLimiter.HOLD_BACK) {
            LOG.log(Level.WARNING, () -> operation + " on " + backend + " gave up after " + attempts
                    + " attempts in " + elapsed.toMillis() + " ms: " + lastError.getMessage()
                    + heldBackNote(heldBack));
        }
        notify(l -> l.onRetriesExhausted(backend, operation, attempts, lastError));
    }

    void circuit(CircuitState from, CircuitState to, String why) {
        Level level = to == CircuitState.OPEN ? Level.WARNING : Level.INFO;
        LOG.log(level, () -> "circuit breaker for " + backend + " " + from + " -> " + to + ": " + why);
        CircuitStateEvent event = new CircuitStateEvent();
        if (event.isEnabled()) {
            event.backend = backend;
            event.from = from.name();
            event.to = to.name();
            event.commit();
        }
        notify(l -> l.onCircuitStateChange(backend, from, to));
    }

    void degradationStart(DegradationMode mode, String reason) {
        LOG.log(Level.WARNING, () -> backend + " degraded (" + mode + "): " + reason);
        notify(l -> l.onDegradationStart(backend, mode, reason));
    }

    void degradationEnd(DegradationMode mode, Duration degradedFor) {
        LOG.log(Level.INFO, () -> backend + " recovered from degradation (" + mode + ") after "
                + degradedFor.toMillis() + " ms");
        notify(l -> l.onDegradationEnd(backend, mode, degradedFor));
    }

    void writeBuffered(String operation, int pending) {
        LOG.log(Level.DEBUG, () -> operation + " on " + backend + " buffered; " + pending + " writes pending");
        notify(l -> l.onWriteBuffered(backend, operation, pending));
    }

    void bufferReplayed(int replayed, int pending) {
        LOG.log(Level.INFO, () -> "replayed " + replayed + " buffered writes to " + backend + "; " + pending
                + " still pending");
        notify(l -> l.onBufferReplayed(backend, replayed, pending));
    }

    void bufferedWritesLost(List<String> ids, MemoryException cause) {
        LOG.log(Level.ERROR, () -> ids.size() + " acknowledged writes to " + backend
                + " could not be written (ids " + ids + "): " + cause.getMessage());
        notify(l -> l.onBufferedWritesLost(backend, ids, cause));
    }

    private void notify(Consumer<ResilienceListener> call) {
        for (ResilienceListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                // A listener must never break the call it observes.
                LOG.log(Level.WARNING, "resilience listener " + listener.getClass().getName() + " threw; ignored", e);
            }
        }
    }
}
