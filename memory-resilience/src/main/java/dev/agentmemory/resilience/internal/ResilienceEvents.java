package dev.agentmemory.resilience.internal;

import dev.agentmemory.MemoryException;
import dev.agentmemory.resilience.CircuitState;
import dev.agentmemory.resilience.DegradationMode;
import dev.agentmemory.resilience.ResilienceListener;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fans each resilience event out to the log (one line per event), the listeners (a throwing listener is logged
 * and ignored) and JDK Flight Recorder. Thread-safe.
 */
final class ResilienceEvents {

    private static final System.Logger LOG = System.getLogger("dev.agentmemory.resilience");

    private final String backend;
    private final List<ResilienceListener> listeners;

    ResilienceEvents(String backend, List<ResilienceListener> listeners) {
        this.backend = backend;
        this.listeners = List.copyOf(listeners);
    }

    String backend() {
        return backend;
    }

    void retry(String operation, int failedAttempts, Duration delay, MemoryException error) {
        LOG.log(Level.WARNING, () -> operation + " on " + backend + " failed (attempt " + failedAttempts
                + "), retrying in " + delay.toMillis() + " ms: " + error.getMessage());
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

    void retriesExhausted(String operation, int attempts, Duration elapsed, MemoryException lastError) {
        LOG.log(Level.ERROR, () -> operation + " on " + backend + " gave up after " + attempts + " attempts in "
                + elapsed.toMillis() + " ms: " + lastError.getMessage());
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
