package dev.agentmemory.resilience;

/**
 * What a resilient store does once the backend stays unavailable: retries are exhausted, the time budget is
 * spent, or the circuit breaker is open. Chosen per store with {@code resilience.degradation}.
 */
public enum DegradationMode {
    /** Every call throws {@link dev.agentmemory.MemoryUnavailableException}, with the last transient error as cause. */
    FAIL,
    /**
     * Reads ({@code recent}, {@code get}, {@code size}, {@code list}, {@code search}) return empty results and
     * {@code health()} reports {@link dev.agentmemory.Health.Status#DEGRADED}; writes still throw
     * {@link dev.agentmemory.MemoryUnavailableException}.
     */
    READ_EMPTY,
    /**
     * Short-term appends and long-term stores go to a bounded in-process outbox and are acknowledged; the outbox is
     * replayed in order, idempotently (by the client-chosen ids), when the backend answers again. A full outbox
     * throws {@link dev.agentmemory.MemoryUnavailableException}: no write is ever dropped silently. Reads and the
     * other writes behave as in {@link #FAIL}.
     */
    BUFFER_WRITES
}
