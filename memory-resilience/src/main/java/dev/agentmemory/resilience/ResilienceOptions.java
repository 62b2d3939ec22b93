package dev.agentmemory.resilience;

/**
 * The option keys this module reads from {@link dev.agentmemory.MemoryOptions} (so also from system properties
 * {@code agentmemory.resilience.*} and environment variables {@code AGENTMEMORY_RESILIENCE_*}). Defaults are in
 * {@link dev.agentmemory.MemoryDefaults}. See {@link ResiliencePolicy#fromOptions(dev.agentmemory.MemoryOptions)}.
 */
public final class ResilienceOptions {

    private ResilienceOptions() {
    }

    /** {@code false} turns the resilience decorator off for stores opened by {@link dev.agentmemory.MemoryStores}. */
    public static final String ENABLED = "resilience.enabled";
    /** Retries after the first attempt, 0 to 100. */
    public static final String MAX_RETRIES = "resilience.max-retries";
    /** First backoff delay, a duration. */
    public static final String BACKOFF_INITIAL = "resilience.backoff-initial";
    /** Largest backoff delay, a duration, at least the initial delay. */
    public static final String BACKOFF_MAX = "resilience.backoff-max";
    /** Jitter: each delay is drawn uniformly from {@code [d * (1 - jitter), d]}; 0 (none) up to, not including, 1. */
    public static final String JITTER = "resilience.jitter";
    /** Longest one attempt may take before it is interrupted and counted as a transient timeout. */
    public static final String ATTEMPT_TIMEOUT = "resilience.attempt-timeout";
    /** Total time budget of a call: no new attempt starts after it is spent. */
    public static final String BUDGET = "resilience.budget";
    /** Consecutive transient failures that open the circuit. */
    public static final String CIRCUIT_FAILURE_THRESHOLD = "resilience.circuit.failure-threshold";
    /** How long the circuit stays open before a trial call (half-open). */
    public static final String CIRCUIT_DELAY = "resilience.circuit.delay";
    /** Most calls in flight at once; the next one fails with {@link dev.agentmemory.MemoryBusyException}. */
    public static final String BULKHEAD = "resilience.bulkhead";
    /** {@code fail}, {@code read-empty} or {@code buffer-writes}; see {@link DegradationMode}. */
    public static final String DEGRADATION = "resilience.degradation";
    /** Most writes the outbox holds in {@code buffer-writes} mode. */
    public static final String BUFFER_MAX_ENTRIES = "resilience.buffer.max-entries";
    /** Most bytes (estimated, UTF-16) the outbox holds in {@code buffer-writes} mode. */
    public static final String BUFFER_MAX_BYTES = "resilience.buffer.max-bytes";
    /** How long {@code close()} tries to write what is still buffered. */
    public static final String BUFFER_FLUSH_TIMEOUT = "resilience.buffer.flush-timeout";
    /** Most buffered writes of one session or scope replayed in one round trip, 1 to {@code MAX_APPEND_BATCH}. */
    public static final String BUFFER_REPLAY_BATCH = "resilience.buffer.replay-batch";
    /** Most sessions or scopes replayed at once; defaults to half the bulkhead (at least 1). */
    public static final String BUFFER_REPLAY_CONCURRENCY = "resilience.buffer.replay-concurrency";
    /**
     * While writes are buffered and the circuit is open, how often one of them (the oldest) is sent to the backend
     * directly as a trial; its success closes the circuit and the replay goes on at once.
     */
    public static final String BUFFER_PROBE_INTERVAL = "resilience.buffer.probe-interval";
    /**
     * Shortest time between two per-call log lines of one kind (a retry, a call that gave up) for one store; the
     * next line says how many were held back. The start of an outage (ERROR) and its end
     * (INFO, with its length and the number of failed calls) are logged once each, whatever this says.
     */
    public static final String LOG_INTERVAL = "resilience.log.interval";
}
