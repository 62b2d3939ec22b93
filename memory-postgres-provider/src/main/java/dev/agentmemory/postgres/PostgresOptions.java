package dev.agentmemory.postgres;

import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.Option;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The options that only the PostgreSQL provider reads, declared once with their defaults and ranges, on top of the
 * shared ones of {@link dev.agentmemory.MemoryOptions} ({@code pool.*}, {@code connect}, {@code connect-timeout},
 * {@code response-timeout}, {@code close-timeout}, {@code client-name}, {@code username}, {@code password},
 * {@code short-term.*}). Like every option they can also come from system properties
 * ({@code agentmemory.postgres.schema}) or the environment ({@code AGENTMEMORY_POSTGRES_SCHEMA}).
 *
 * <p>Constants only; thread-safe.
 */
public final class PostgresOptions {

    private PostgresOptions() {
    }

    /** Default of {@link #SCHEMA}. */
    public static final String DEFAULT_SCHEMA = "agentmemory";
    /** Default of {@link #CUBE_DIMENSIONS}. */
    public static final int DEFAULT_CUBE_DIMENSIONS = 48;
    /** Smallest {@link #CUBE_DIMENSIONS}. */
    public static final int MIN_CUBE_DIMENSIONS = 8;
    /** Largest {@link #CUBE_DIMENSIONS}: the contrib {@code cube} type holds at most 100. */
    public static final int MAX_CUBE_DIMENSIONS = 100;
    /** Default of {@link #CANDIDATES}. */
    public static final int DEFAULT_CANDIDATES = 300;
    /** Smallest {@link #CANDIDATES}: the largest limit a search accepts, {@value MemoryDefaults#SEARCH_MAX_LIMIT}. */
    public static final int MIN_CANDIDATES = MemoryDefaults.SEARCH_MAX_LIMIT;
    /** Largest {@link #CANDIDATES}. */
    public static final int MAX_CANDIDATES = 10_000;
    /** Default of {@link #VECTOR_CACHE}, in MiB: about 20,000 vectors of 384 dimensions. */
    public static final int DEFAULT_VECTOR_CACHE_MB = 32;
    /** Largest {@link #VECTOR_CACHE}, in MiB. */
    public static final int MAX_VECTOR_CACHE_MB = 65_536;
    /** Default of {@link #EXTENSION_SCHEMA}. */
    public static final String DEFAULT_EXTENSION_SCHEMA = "public";
    /** Default of {@link #LEAK_TIMEOUT}. */
    public static final Duration DEFAULT_LEAK_TIMEOUT = Duration.ofSeconds(60);
    /** Default of {@link #VALIDATION_INTERVAL}. */
    public static final Duration DEFAULT_VALIDATION_INTERVAL = Duration.ofSeconds(30);
    /** Default of {@link #IDLE_VALIDATION}. */
    public static final Duration DEFAULT_IDLE_VALIDATION = Duration.ofSeconds(5);
    /** Default of {@link #MAX_LIFETIME}. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(30);
    /**
     * The socket timeout of a connection once it is made is {@code response-timeout} (in whole seconds) times this,
     * plus {@value #SOCKET_TIMEOUT_MARGIN_SECONDS} s: a backstop longer than the statement timeout.
     */
    public static final int SOCKET_TIMEOUT_FACTOR = 2;
    /** Seconds added to the socket timeout, see {@link #SOCKET_TIMEOUT_FACTOR}. */
    public static final int SOCKET_TIMEOUT_MARGIN_SECONDS = 5;
    /**
     * The longest a connection being made can take is {@code connect-timeout} (in whole seconds) times this: the TCP
     * connect, the TLS request of {@code sslmode=prefer} and the retry without TLS.
     */
    public static final int CONNECTION_BOUND_FACTOR = 3;

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String IDENTIFIER_RULE = "a lower-case SQL identifier: [a-z_][a-z0-9_]*, at most 63 characters";

    /** The schema that holds the store's tables, a lower-case SQL identifier. Default {@value #DEFAULT_SCHEMA}. */
    public static final Option<String> SCHEMA = Option.string("postgres.schema", DEFAULT_SCHEMA, IDENTIFIER,
            IDENTIFIER_RULE, "Schema that holds the store's tables.");
    /** What to do with the schema on first use: {@code migrate} (default), {@code validate} or {@code none}. */
    public static final Option<Migration> MIGRATION = Option.enumeration("postgres.migration", Migration.class,
            Migration.MIGRATE, "What to do with the schema on first use: migrate it, only validate its version, or "
                    + "nothing (managed elsewhere).");
    /**
     * How to search: {@code auto} (default: pgvector, else signature on PostgreSQL 14 or later, else cube, else
     * exact), {@code pgvector}, {@code cube}, {@code signature} or {@code exact}.
     */
    public static final Option<SearchMode> SEARCH_MODE = Option.enumeration("postgres.search-mode", SearchMode.class,
            SearchMode.AUTO, "How to search: auto (pgvector, else signature, else cube, else exact), pgvector, cube, "
                    + "signature (sign bits scanned by Hamming distance, PostgreSQL 14 or later) or exact.");
    /**
     * Dimensions of the random projection stored as a {@code cube}, {@value #MIN_CUBE_DIMENSIONS} to
     * {@value #MAX_CUBE_DIMENSIONS}. Default {@value #DEFAULT_CUBE_DIMENSIONS}.
     */
    public static final Option<Integer> CUBE_DIMENSIONS = Option.integer("postgres.cube.dimensions",
            DEFAULT_CUBE_DIMENSIONS, MIN_CUBE_DIMENSIONS, MAX_CUBE_DIMENSIONS,
            "Dimensions of the random projection stored as a cube, when the schema gets one.");
    /**
     * Candidates the cube, signature or pgvector prefilter reads before the exact re-rank, {@value #MIN_CANDIDATES} to
     * {@value #MAX_CANDIDATES}. Default {@value #DEFAULT_CANDIDATES}.
     */
    public static final Option<Integer> CANDIDATES = Option.integer("postgres.candidates", DEFAULT_CANDIDATES,
            MIN_CANDIDATES, MAX_CANDIDATES, "Candidates the cube, signature or pgvector prefilter reads before the exact "
                    + "re-rank; at least the largest search limit (" + MIN_CANDIDATES + ").");
    /**
     * MiB of heap a long-term store may fill with the vectors it has read, so that a search transfers a memory's id
     * and version instead of its vector whenever the version matches (never stale: see the PostgreSQL guide); 0 to
     * keep none. {@value #DEFAULT_VECTOR_CACHE_MB} by default, about 20,000 vectors of 384 dimensions.
     */
    public static final Option<Integer> VECTOR_CACHE = Option.integer("postgres.vector-cache-mb",
            DEFAULT_VECTOR_CACHE_MB, 0, MAX_VECTOR_CACHE_MB, "MiB of heap a long-term store may fill with the vectors "
                    + "it has read, checked against each row's version on every search; 0 keeps none.");
    /** The schema to create the {@code cube} (or {@code vector}) extension in when it is not installed yet. Default {@code public}. */
    public static final Option<String> EXTENSION_SCHEMA = Option.string("postgres.extension-schema",
            DEFAULT_EXTENSION_SCHEMA, IDENTIFIER, IDENTIFIER_RULE,
            "Schema to create the cube (or vector) extension in when it is not installed yet.");
    /** How long a connection may be held before the pool logs it as a possible leak. Default 60 s. */
    public static final Option<Duration> LEAK_TIMEOUT = Option.duration("postgres.leak-timeout",
            DEFAULT_LEAK_TIMEOUT, "How long a connection may be held before the pool logs it as a possible leak.");
    /** How often idle pooled connections are validated in the background. Default 30 s. */
    public static final Option<Duration> VALIDATION_INTERVAL = Option.duration("postgres.validation-interval",
            DEFAULT_VALIDATION_INTERVAL, "How often idle pooled connections are validated in the background.");
    /** A pooled connection idle longer than this is validated before it is handed out. Default 5 s. */
    public static final Option<Duration> IDLE_VALIDATION = Option.duration("postgres.idle-validation",
            DEFAULT_IDLE_VALIDATION, "A pooled connection idle longer than this is validated before it is "
                    + "handed out.");
    /** The longest a pooled connection lives before it is replaced. Default 30 min. */
    public static final Option<Duration> MAX_LIFETIME = Option.duration("postgres.max-lifetime",
            DEFAULT_MAX_LIFETIME, "The longest a pooled connection lives before it is replaced.");

    private static final List<Option<?>> ALL = List.of(MemoryOptions.SHORT_TERM_TTL,
            MemoryOptions.SHORT_TERM_MAX_ENTRIES, MemoryOptions.CONNECT, MemoryOptions.CONNECT_TIMEOUT,
            MemoryOptions.RESPONSE_TIMEOUT, MemoryOptions.CLOSE_TIMEOUT, MemoryOptions.CLIENT_NAME,
            MemoryOptions.POOL_MIN_SIZE, MemoryOptions.POOL_MAX_SIZE, MemoryOptions.POOL_ACQUIRE_TIMEOUT,
            MemoryOptions.USERNAME, MemoryOptions.PASSWORD, SCHEMA, MIGRATION, SEARCH_MODE, CUBE_DIMENSIONS,
            CANDIDATES, VECTOR_CACHE, EXTENSION_SCHEMA, LEAK_TIMEOUT, VALIDATION_INTERVAL, IDLE_VALIDATION, MAX_LIFETIME);

    /**
     * Every option the PostgreSQL provider reads: the shared ones it uses, then its own.
     *
     * @return the options
     */
    public static List<Option<?>> all() {
        return ALL;
    }

    /** Values of {@link #SEARCH_MODE}. */
    public enum SearchMode {
        /**
         * The best the server has: pgvector, else signature (PostgreSQL 14 or later), else cube, else exact. Signature
         * comes before cube because it holds on real embeddings: recall@10 0.997 against exact with 200 candidates on
         * all-MiniLM-L6-v2 vectors of 6,631 man pages, where the random-projection cube (48 dimensions) reached 0.87.
         */
        AUTO,
        /** A {@code vector(n)} column with an HNSW cosine index; needs the pgvector extension. */
        PGVECTOR,
        /** A random projection stored as a contrib {@code cube} with a GiST index, re-ranked exactly. */
        CUBE,
        /**
         * Sign bits of each vector ({@code bit varying}), scanned in SQL by Hamming distance
         * ({@code bit_count(signature # query)}, PostgreSQL 14 or later), the nearest candidates re-ranked exactly;
         * no extension.
         */
        SIGNATURE,
        /** A full, scoped, exact cosine scan; always available. */
        EXACT
    }

    /** Values of {@link #MIGRATION}. */
    public enum Migration {
        /** Apply pending migrations on first use (default). */
        MIGRATE,
        /** Only check that the schema is at this release's version; fail with a configuration error if not. */
        VALIDATE,
        /** Neither: the schema is managed elsewhere. */
        NONE
    }
}
