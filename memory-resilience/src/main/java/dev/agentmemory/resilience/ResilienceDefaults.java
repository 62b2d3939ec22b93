package dev.agentmemory.resilience;

import dev.agentmemory.MemoryDefaults;
import java.time.Duration;

/**
 * The defaults of {@link ResiliencePolicy}, as named constants. Those shared with the rest of agentmemory
 * (retries, backoff, pool size, close timeout) come from {@link MemoryDefaults}.
 */
public final class ResilienceDefaults {

    private ResilienceDefaults() {
    }

    /** Retries after the first attempt: {@link MemoryDefaults#MAX_RETRIES}. */
    public static final int MAX_RETRIES = MemoryDefaults.MAX_RETRIES;
    /** First backoff delay: {@link MemoryDefaults#BACKOFF_INITIAL}. */
    public static final Duration BACKOFF_INITIAL = MemoryDefaults.BACKOFF_INITIAL;
    /** Largest backoff delay: {@link MemoryDefaults#BACKOFF_MAX}. */
    public static final Duration BACKOFF_MAX = MemoryDefaults.BACKOFF_MAX;
    /** Jitter 0.5: each delay is drawn uniformly from the upper half of its exponential value ("equal jitter"). */
    public static final double JITTER = 0.5;
    /** Longest one attempt may take: 10 s, above the providers' own connect and response timeouts (5 s each). */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    /** Total time budget of one call: 30 s. */
    public static final Duration BUDGET = Duration.ofSeconds(30);
    /** Consecutive transient failures that open the circuit: 5 (two calls whose retries are all exhausted, with the default retries). */
    public static final int CIRCUIT_FAILURE_THRESHOLD = 5;
    /** How long the circuit stays open before a trial call: 10 s. */
    public static final Duration CIRCUIT_DELAY = Duration.ofSeconds(10);
    /** Most calls in flight at once: the pool size, {@link MemoryDefaults#POOL_MAX_SIZE}, unless {@code pool.max-size} is set. */
    public static final int BULKHEAD = MemoryDefaults.POOL_MAX_SIZE;
    /** Degradation mode: {@link DegradationMode#FAIL}. */
    public static final DegradationMode DEGRADATION = DegradationMode.FAIL;
    /** Most writes held in the outbox: 10,000. */
    public static final int BUFFER_MAX_ENTRIES = 10_000;
    /** Most bytes held in the outbox: 16 MiB (estimated as UTF-16 text plus a fixed overhead per write). */
    public static final long BUFFER_MAX_BYTES = 16L * 1024 * 1024;
    /** How long {@code close()} tries to write what is still buffered: {@link MemoryDefaults#CLOSE_TIMEOUT}. */
    public static final Duration BUFFER_FLUSH_TIMEOUT = MemoryDefaults.CLOSE_TIMEOUT;
}
