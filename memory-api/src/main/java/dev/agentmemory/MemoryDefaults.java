package dev.agentmemory;

import java.time.Duration;
import java.time.Instant;

/**
 * Every default and every documented limit of agentmemory, as named constants in one place. Options
 * ({@link MemoryOptions}) override the defaults; the limits are part of the API contract and every provider
 * enforces them before any I/O.
 */
public final class MemoryDefaults {

    private MemoryDefaults() {
    }

    // ---- resilience

    /** Retries after the first attempt of a call that failed with a {@link TransientMemoryException}. */
    public static final int MAX_RETRIES = 3;
    /** First backoff delay between retries. */
    public static final Duration BACKOFF_INITIAL = Duration.ofSeconds(1);
    /** Largest backoff delay between retries. */
    public static final Duration BACKOFF_MAX = Duration.ofSeconds(10);
    /** Jitter of a backoff delay: each delay is drawn from {@code [d * (1 - jitter), d]}. */
    public static final double BACKOFF_JITTER = 0.5;
    /** Longest one attempt may run before it counts as a {@link MemoryTimeoutException}. */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    /** Total time a call may spend on all its attempts and backoff delays; no new attempt starts after it. */
    public static final Duration CALL_BUDGET = Duration.ofSeconds(30);
    /** Consecutive transient failures that open a backend's circuit breaker. */
    public static final int CIRCUIT_FAILURE_THRESHOLD = 5;
    /** How long an open circuit fails fast before it lets one trial call through. */
    public static final Duration CIRCUIT_DELAY = Duration.ofSeconds(10);
    /** Most writes a store's write buffer holds while its backend is down (degradation mode buffer-writes). */
    public static final int BUFFER_MAX_ENTRIES = 10_000;
    /** Most bytes (estimated) a store's write buffer holds. */
    public static final long BUFFER_MAX_BYTES = 16L * 1024 * 1024;
    /** Most buffered writes of one session or scope a replay writes in one round trip. */
    public static final int BUFFER_REPLAY_BATCH = 100;
    /**
     * How often a store's write buffer tries its oldest buffered write directly while the circuit is open, so that
     * the backlog drains as soon as the backend is back rather than after {@link #CIRCUIT_DELAY}.
     */
    public static final Duration BUFFER_PROBE_INTERVAL = Duration.ofMillis(500);
    /**
     * Shortest time between two per-call resilience log lines of one kind (a retry, a call that gave up) for one
     * store; the next line says how many were held back. The start and end of an outage are always logged, once.
     */
    public static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    // ---- short-term memory

    /** Sliding time to live of a session's short-term memory, refreshed by every append. */
    public static final Duration SHORT_TERM_TTL = Duration.ofHours(1);
    /** Entries kept per session; older entries are trimmed on append. */
    public static final int SHORT_TERM_MAX_ENTRIES = 100;
    /** Most entries one {@link ShortTermMemory#appendAll} call accepts. */
    public static final int MAX_APPEND_BATCH = 100;

    // ---- connections

    /** Smallest number of pooled connections a provider keeps open once it has connected. */
    public static final int POOL_MIN_SIZE = 2;
    /** Largest number of pooled connections. */
    public static final int POOL_MAX_SIZE = 10;
    /** How long a call waits for a pooled connection before failing with {@link MemoryBusyException}. */
    public static final Duration POOL_ACQUIRE_TIMEOUT = Duration.ofSeconds(30);
    /** How long a provider waits for a TCP connection to be established. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long a provider waits for the server to answer one command or statement. */
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);
    /** Upper bound on how long {@code close()} waits for connections and threads to finish. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    // ---- long-term memory

    /** Results returned by a search when the query gives no limit. */
    public static final int SEARCH_LIMIT = 10;
    /** Largest limit a search or a list accepts. */
    public static final int SEARCH_MAX_LIMIT = 100;
    /** Smallest cosine similarity a search result must reach when the query gives none. */
    public static final double SEARCH_MIN_SIMILARITY = 0.7;
    /** Dimension of the built-in {@link HashingEmbedder} when no other is configured. */
    public static final int EMBEDDING_DIMENSION = 384;
    /** Largest embedding dimension accepted. */
    public static final int MAX_EMBEDDING_DIMENSION = 4096;

    // ---- documented input limits

    /** Longest identifier (tenant, agent, session, entry id, memory id, user id): 128 characters. */
    public static final int MAX_ID_LENGTH = 128;
    /** Longest content of an entry or a memory, in UTF-16 chars: 32,768. */
    public static final int MAX_CONTENT_LENGTH = 32_768;
    /** Longest role of a short-term entry ({@code user}, {@code assistant}, ...). */
    public static final int MAX_ROLE_LENGTH = 32;
    /** Most metadata pairs on one entry, memory or query filter. */
    public static final int MAX_METADATA_ENTRIES = 32;
    /** Longest metadata key. */
    public static final int MAX_METADATA_KEY_LENGTH = 64;
    /** Longest metadata value. */
    public static final int MAX_METADATA_VALUE_LENGTH = 1024;
    /**
     * Earliest instant a request may carry (an expiry): {@code 0001-01-01T00:00:00Z}. With {@link #MAX_INSTANT} it
     * spans the years 1 to 9999, which every backend stores exactly (PostgreSQL's {@code timestamptz} spans
     * 4713 BC to 294276 AD). Instants are truncated to whole microseconds before this check.
     */
    public static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    /**
     * Latest instant a request may carry (an expiry): {@code 9999-12-31T23:59:59.999999Z}, the last microsecond of
     * the year 9999. {@link Instant#MAX} is out of range: use {@code null} for "never expires".
     */
    public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");
}
