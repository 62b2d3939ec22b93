package dev.agentmemory;

import java.time.Duration;
import java.time.Instant;

/**
 * Every default and every documented limit of the API, as named constants in one place. Options
 * ({@link MemoryOptions}) override the defaults and are checked against the limits here, identically for every
 * provider; the request limits are part of the API contract and are enforced before any I/O. A provider or a
 * decorator keeps its own defaults in its own module, next to the options it declares.
 */
public final class MemoryDefaults {

    private MemoryDefaults() {
    }

    // ---- short-term memory

    /** Sliding time to live of a session's short-term memory, refreshed by every append. */
    public static final Duration SHORT_TERM_TTL = Duration.ofHours(1);
    /** Entries kept per session; older entries are trimmed on append. */
    public static final int SHORT_TERM_MAX_ENTRIES = 100;
    /** Largest value of the option {@code short-term.max-entries}, for every provider. */
    public static final int SHORT_TERM_MAX_ENTRIES_LIMIT = 100_000;
    /**
     * Longest time to live, in days: of the option {@code short-term.ttl} and of {@link ShortTermMemory#expire}.
     */
    public static final int MAX_TTL_DAYS = 3650;
    /** Most entries one {@link ShortTermMemory#appendAll} call accepts. */
    public static final int MAX_APPEND_BATCH = 100;

    // ---- connections

    /** Smallest number of pooled connections a provider keeps open once it has connected. */
    public static final int POOL_MIN_SIZE = 2;
    /** Largest number of pooled connections. */
    public static final int POOL_MAX_SIZE = 10;
    /** Largest value of the options {@code pool.min-size} and {@code pool.max-size}. */
    public static final int POOL_SIZE_LIMIT = 1000;
    /** How long a call waits for a pooled connection before failing with {@link MemoryBusyException}. */
    public static final Duration POOL_ACQUIRE_TIMEOUT = Duration.ofSeconds(30);
    /** How long a provider waits for a TCP connection to be established. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long a provider waits for the server to answer one command or statement. */
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);
    /** Upper bound on how long {@code close()} waits for connections and threads to finish. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Longest value of the timeout options ({@code connect-timeout}, {@code response-timeout},
     * {@code close-timeout}, {@code pool.acquire-timeout}), in milliseconds: the largest {@code int}, about 24.8
     * days, which every driver takes.
     */
    public static final int MAX_TIMEOUT_MILLIS = Integer.MAX_VALUE;
    /** Name the store gives its server connections when the option {@code client-name} is not set. */
    public static final String CLIENT_NAME = "agentmemory";

    // ---- long-term memory

    /** Results returned by a search when the query gives no limit. */
    public static final int SEARCH_LIMIT = 10;
    /** Largest limit a search or a list accepts. */
    public static final int SEARCH_MAX_LIMIT = 100;
    /**
     * Smallest cosine similarity a search result must reach when the query gives none: -1, that is no threshold, so
     * a search returns its {@code limit} best matches whatever their scores. A fixed threshold suits one embedder
     * and not another (the built-in hashing embedder scores a right match near 0.7 and above; all-MiniLM-L6-v2 scores
     * a query and its right document 0.44 / 0.63 / 0.79 at p10 / p50 / p90, so 0.7 dropped most right answers): set
     * {@link MemoryQuery.Builder#minSimilarity} from the scores your embedder gives to pairs that should and should
     * not match.
     */
    public static final double SEARCH_MIN_SIMILARITY = -1.0;
    /** Dimension of the built-in {@link HashingEmbedder} when no other is configured. */
    public static final int EMBEDDING_DIMENSION = 384;
    /** Smallest embedding dimension accepted. */
    public static final int MIN_EMBEDDING_DIMENSION = 8;
    /** Largest embedding dimension accepted. */
    public static final int MAX_EMBEDDING_DIMENSION = 4096;
    /** Most memories one {@link LongTermMemory#storeAll} call accepts. */
    public static final int MAX_STORE_BATCH = 1000;
    /** Importance of a new entry or memory that gives none. */
    public static final double DEFAULT_IMPORTANCE = 0.5;

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
    /** Most values in one {@link Filter#in(String, java.util.Collection)} list. */
    public static final int MAX_FILTER_IN_VALUES = 1_000;
    /** Most nodes (comparisons, {@code and}, {@code or}, {@code not}) in one {@link Filter}. */
    public static final int MAX_FILTER_NODES = 256;
    /** Deepest nesting of one {@link Filter}. */
    public static final int MAX_FILTER_DEPTH = 32;
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
