package dev.agentmemory.resilience;

/** The state of a resilient store's circuit breaker. */
public enum CircuitState {
    /** Calls go to the backend; transient failures are counted. */
    CLOSED,
    /** Calls fail fast with {@link dev.agentmemory.MemoryUnavailableException} and never reach the backend. */
    OPEN,
    /** The delay has passed: a trial call goes to the backend; success closes the circuit, failure opens it again. */
    HALF_OPEN
}
