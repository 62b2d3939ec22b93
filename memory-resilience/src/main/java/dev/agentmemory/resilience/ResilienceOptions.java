package dev.agentmemory.resilience;

import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.Option;
import java.time.Duration;
import java.util.List;

/**
 * The options this module reads, declared once with their defaults and ranges (given in the
 * {@link MemoryOptions} map, as system properties {@code agentmemory.resilience.*} or as environment variables
 * {@code AGENTMEMORY_RESILIENCE_*}), and every default and limit of the module. See
 * {@link ResiliencePolicy#fromOptions(MemoryOptions)}; {@link ResiliencePolicy.Builder#build()} checks a policy built
 * in code against the same ranges.
 *
 * <p>Constants only; thread-safe.
 */
public final class ResilienceOptions {

    private ResilienceOptions() {
    }

    // ---- defaults and limits

    /** Retries after the first attempt of a call that failed with a {@link dev.agentmemory.TransientMemoryException}. */
    public static final int DEFAULT_MAX_RETRIES = 3;
    /** Most retries that can be configured. */
    public static final int MAX_MAX_RETRIES = 100;
    /** First backoff delay between retries. */
    public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(1);
    /** Largest backoff delay between retries. */
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(10);
    /** Jitter of a backoff delay: each delay is drawn from {@code [d * (1 - jitter), d]}. */
    public static final double DEFAULT_JITTER = 0.5;
    /** Longest one attempt may run before it counts as a {@link dev.agentmemory.MemoryTimeoutException}. */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    /** Total time a call may spend on all its attempts and backoff delays; no new attempt starts after it. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(30);
    /** Consecutive transient failures that open a backend's circuit breaker. */
    public static final int DEFAULT_CIRCUIT_FAILURE_THRESHOLD = 5;
    /** How long an open circuit fails fast before it lets one trial call through. */
    public static final Duration DEFAULT_CIRCUIT_DELAY = Duration.ofSeconds(10);
    /** Largest circuit failure threshold, bulkhead and replay concurrency that can be configured. */
    public static final int MAX_CONCURRENCY = 10_000;
    /** Most writes a store's write buffer holds while its backend is down (degradation mode buffer-writes). */
    public static final int DEFAULT_BUFFER_MAX_ENTRIES = 10_000;
    /** Largest {@link #BUFFER_MAX_ENTRIES} that can be configured. */
    public static final int MAX_BUFFER_MAX_ENTRIES = 10_000_000;
    /** Most bytes (estimated) a store's write buffer holds. */
    public static final int DEFAULT_BUFFER_MAX_BYTES = 16 * 1024 * 1024;
    /** Smallest {@link #BUFFER_MAX_BYTES} that can be configured. */
    public static final int MIN_BUFFER_MAX_BYTES = 1024;
    /** Most buffered writes of one session or scope a replay writes in one round trip. */
    public static final int DEFAULT_BUFFER_REPLAY_BATCH = 100;
    /** Sessions or scopes replayed at once: 0 derives it from the bulkhead (half of it, at least 1). */
    public static final int DEFAULT_BUFFER_REPLAY_CONCURRENCY = 0;
    /** Buffered entries replayed per second across a store: 0 sets no limit. */
    public static final int DEFAULT_BUFFER_REPLAY_RATE = 0;
    /** Largest {@link #BUFFER_REPLAY_RATE} that can be configured. */
    public static final int MAX_BUFFER_REPLAY_RATE = 1_000_000;
    /**
     * How often a store's write buffer tries its oldest buffered write directly while the circuit is open, so that
     * the backlog drains as soon as the backend is back rather than after the circuit delay.
     */
    public static final Duration DEFAULT_BUFFER_PROBE_INTERVAL = Duration.ofMillis(500);
    /**
     * Shortest time between two per-call resilience log lines of one kind (a retry, a call that gave up) for one
     * store; the next line says how many were held back. The start and end of an outage are always logged, once.
     */
    public static final Duration DEFAULT_LOG_INTERVAL = Duration.ofSeconds(10);

    // ---- options

    /** {@code false} turns the resilience decorator off for stores opened by {@link dev.agentmemory.MemoryStores}. */
    public static final Option<Boolean> ENABLED = Option.bool("resilience.enabled", true,
            "false turns the resilience decorator off for stores opened by MemoryStores.");
    /** Retries after the first attempt, 0 to {@value #MAX_MAX_RETRIES}; default {@value #DEFAULT_MAX_RETRIES}. */
    public static final Option<Integer> MAX_RETRIES = Option.integer("resilience.max-retries", DEFAULT_MAX_RETRIES, 0,
            MAX_MAX_RETRIES, "Retries after the first attempt of a call that failed with a transient error.");
    /** First backoff delay; default {@link #DEFAULT_BACKOFF_INITIAL}. */
    public static final Option<Duration> BACKOFF_INITIAL = Option.duration("resilience.backoff-initial",
            DEFAULT_BACKOFF_INITIAL, "First backoff delay; each retry doubles it up to resilience.backoff-max.");
    /** Largest backoff delay, at least the initial delay; default {@link #DEFAULT_BACKOFF_MAX}. */
    public static final Option<Duration> BACKOFF_MAX = Option.duration("resilience.backoff-max", DEFAULT_BACKOFF_MAX,
            "Largest backoff delay, at least resilience.backoff-initial.");
    /**
     * Jitter: each delay is drawn uniformly from {@code [d * (1 - jitter), d]}; 0 (none) up to, not including, 1;
     * default {@value #DEFAULT_JITTER}.
     */
    public static final Option<Double> JITTER = Option.number("resilience.jitter", DEFAULT_JITTER, 0, 1,
            "Jitter: each backoff delay d is drawn uniformly from [d * (1 - jitter), d].");
    /** Longest one attempt may take before it is interrupted and counted as a transient timeout. */
    public static final Option<Duration> ATTEMPT_TIMEOUT = Option.duration("resilience.attempt-timeout",
            DEFAULT_ATTEMPT_TIMEOUT, "Longest one attempt may take before it is interrupted and counted as a "
                    + "transient timeout.");
    /** Total time budget of a call: no new attempt starts after it is spent. */
    public static final Option<Duration> BUDGET = Option.duration("resilience.budget", DEFAULT_BUDGET,
            "Total time of a call's attempts and delays; a retry is made only when its backoff delay ends within it.");
    /** Consecutive transient failures that open the circuit. */
    public static final Option<Integer> CIRCUIT_FAILURE_THRESHOLD = Option.integer(
            "resilience.circuit.failure-threshold", DEFAULT_CIRCUIT_FAILURE_THRESHOLD, 1, MAX_CONCURRENCY,
            "Consecutive transient failures that open the circuit breaker.");
    /** How long the circuit stays open before a trial call (half-open). */
    public static final Option<Duration> CIRCUIT_DELAY = Option.duration("resilience.circuit.delay",
            DEFAULT_CIRCUIT_DELAY, "How long the circuit stays open before it lets one trial call through.");
    /**
     * Most calls in flight at once; the next one fails with {@link dev.agentmemory.MemoryBusyException}. Defaults to
     * {@code pool.max-size}.
     */
    public static final Option<Integer> BULKHEAD = Option.integer("resilience.bulkhead", null, 1, MAX_CONCURRENCY,
            "Most calls in flight at once; the next fails with MemoryBusyException (default: pool.max-size).");
    /** {@code fail}, {@code read-empty} or {@code buffer-writes}; see {@link DegradationMode}. */
    public static final Option<DegradationMode> DEGRADATION = Option.enumeration("resilience.degradation",
            DegradationMode.class, DegradationMode.FAIL, "What a caller sees while the backend stays unavailable: "
                    + "fail, read-empty or buffer-writes.");
    /** Most writes the outbox holds in {@code buffer-writes} mode. */
    public static final Option<Integer> BUFFER_MAX_ENTRIES = Option.integer("resilience.buffer.max-entries",
            DEFAULT_BUFFER_MAX_ENTRIES, 1, MAX_BUFFER_MAX_ENTRIES, "Most writes buffered in buffer-writes mode.");
    /** Most bytes (estimated, UTF-16) the outbox holds in {@code buffer-writes} mode. */
    public static final Option<Integer> BUFFER_MAX_BYTES = Option.integer("resilience.buffer.max-bytes",
            DEFAULT_BUFFER_MAX_BYTES, MIN_BUFFER_MAX_BYTES, Integer.MAX_VALUE,
            "Most bytes (estimated, UTF-16) buffered in buffer-writes mode.");
    /** How long {@code close()} tries to write what is still buffered; defaults to {@code close-timeout}. */
    public static final Option<Duration> BUFFER_FLUSH_TIMEOUT = Option.duration("resilience.buffer.flush-timeout",
            null, "How long close() tries to write what is still buffered (default: close-timeout).");
    /**
     * Most buffered writes of one session or scope replayed in one round trip, 1 to
     * {@value MemoryDefaults#MAX_APPEND_BATCH}; default {@value #DEFAULT_BUFFER_REPLAY_BATCH}.
     */
    public static final Option<Integer> BUFFER_REPLAY_BATCH = Option.integer("resilience.buffer.replay-batch",
            DEFAULT_BUFFER_REPLAY_BATCH, 1, MemoryDefaults.MAX_APPEND_BATCH,
            "Most buffered writes of one session or scope replayed in one round trip.");
    /**
     * Most sessions or scopes replayed at once; 0 (default, {@link #DEFAULT_BUFFER_REPLAY_CONCURRENCY}) means half the
     * bulkhead, at least 1.
     */
    public static final Option<Integer> BUFFER_REPLAY_CONCURRENCY = Option.integer(
            "resilience.buffer.replay-concurrency", DEFAULT_BUFFER_REPLAY_CONCURRENCY, 0, MAX_CONCURRENCY,
            "Most sessions or scopes replayed at once; 0 means half the bulkhead (at least 1).");
    /**
     * Most buffered entries replayed per second, all sessions or scopes of a store together, 0 to
     * {@value #MAX_BUFFER_REPLAY_RATE}; 0 (default, {@link #DEFAULT_BUFFER_REPLAY_RATE}) sets no limit. Spreads a
     * backlog's replay over time so that a backend just back is not flooded; writes without a backlog and the flush of
     * {@code close()} are not limited.
     */
    public static final Option<Integer> BUFFER_REPLAY_RATE = Option.integer("resilience.buffer.replay-rate",
            DEFAULT_BUFFER_REPLAY_RATE, 0, MAX_BUFFER_REPLAY_RATE,
            "Most buffered entries replayed per second across the store; 0 means no limit.");
    /**
     * While writes are buffered and the circuit is open, how often one of them (the oldest) is sent to the backend
     * directly as a trial; its success closes the circuit and the replay goes on at once.
     */
    public static final Option<Duration> BUFFER_PROBE_INTERVAL = Option.duration("resilience.buffer.probe-interval",
            DEFAULT_BUFFER_PROBE_INTERVAL, "While writes are buffered and the circuit is open, how often the oldest "
                    + "is tried directly.");
    /**
     * Shortest time between two per-call log lines of one kind (a retry, a call that gave up) for one store; the
     * next line says how many were held back. The start of an outage (ERROR) and its end
     * (INFO, with its length and the number of failed calls) are logged once each, whatever this says.
     */
    public static final Option<Duration> LOG_INTERVAL = Option.duration("resilience.log.interval",
            DEFAULT_LOG_INTERVAL, "Shortest time between two per-call log lines of one kind for one store.");

    private static final List<Option<?>> ALL = List.of(ENABLED, MAX_RETRIES, BACKOFF_INITIAL, BACKOFF_MAX, JITTER,
            ATTEMPT_TIMEOUT, BUDGET, CIRCUIT_FAILURE_THRESHOLD, CIRCUIT_DELAY, BULKHEAD, DEGRADATION,
            BUFFER_MAX_ENTRIES, BUFFER_MAX_BYTES, BUFFER_FLUSH_TIMEOUT, BUFFER_REPLAY_BATCH,
            BUFFER_REPLAY_CONCURRENCY, BUFFER_REPLAY_RATE, BUFFER_PROBE_INTERVAL, LOG_INTERVAL, MemoryOptions.POOL_MAX_SIZE,
            MemoryOptions.CLOSE_TIMEOUT, MemoryOptions.SHORT_TERM_TTL);

    /**
     * Every option the resilience decorator reads: its own, then the shared ones it uses ({@code pool.max-size} for
     * the bulkhead, {@code close-timeout} for the flush, {@code short-term.ttl} for buffered sessions).
     *
     * @return the options
     */
    public static List<Option<?>> all() {
        return ALL;
    }
}
