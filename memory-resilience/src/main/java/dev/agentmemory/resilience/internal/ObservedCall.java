package dev.agentmemory.resilience.internal;

/**
 * One call of a decorated store's or embedder's public method, as {@link ResilienceEvents#observed} reports it: its
 * operation, and whether it was answered in a degraded way. Confined to the calling thread.
 */
final class ObservedCall {

    private final String operation;
    private boolean degraded;

    ObservedCall(String operation) {
        this.operation = operation;
    }

    String operation() {
        return operation;
    }

    /** The call returns a degraded answer (an empty read, a buffered write) instead of the backend's. */
    void degraded() {
        degraded = true;
    }

    boolean isDegraded() {
        return degraded;
    }
}
