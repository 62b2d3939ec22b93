package dev.agentmemory.postgres;

import java.time.Duration;

/**
 * The option keys and defaults that only the PostgreSQL provider reads, on top of the common ones in
 * {@link dev.agentmemory.MemoryOptions} ({@code pool.*}, {@code connect}, {@code connect-timeout},
 * {@code response-timeout}, {@code close-timeout}, {@code client-name}, {@code username}, {@code password},
 * {@code short-term.*}). Like every option they can also come from system properties
 * ({@code agentmemory.postgres.schema}) or the environment ({@code AGENTMEMORY_POSTGRES_SCHEMA}).
 *
 * <p>Constants only; thread-safe.
 */
public final class PostgresOptions {

    private PostgresOptions() {
    }

    /** The schema that holds the store's tables, a lower-case SQL identifier. Default {@value #DEFAULT_SCHEMA}. */
    public static final String SCHEMA = "postgres.schema";
    /** What to do with the schema on first use: {@code migrate} (default), {@code validate} or {@code none}. */
    public static final String MIGRATION = "postgres.migration";
    /** How to search: {@code auto} (default: pgvector, else cube, else exact), {@code pgvector}, {@code cube} or {@code exact}. */
    public static final String SEARCH_MODE = "postgres.search-mode";
    /** Dimensions of the random projection stored as a {@code cube}, 8 to 100. Default {@value #DEFAULT_CUBE_DIMENSIONS}. */
    public static final String CUBE_DIMENSIONS = "postgres.cube.dimensions";
    /** Candidates the cube or pgvector index prefilters before the exact re-rank. Default {@value #DEFAULT_CANDIDATES}. */
    public static final String CANDIDATES = "postgres.candidates";
    /** The schema to create the {@code cube} (or {@code vector}) extension in when it is not installed yet. Default {@code public}. */
    public static final String EXTENSION_SCHEMA = "postgres.extension-schema";
    /** How long a connection may be held before the pool logs it as a possible leak. Default 60 s. */
    public static final String LEAK_TIMEOUT = "postgres.leak-timeout";
    /** How often idle pooled connections are validated in the background. Default 30 s. */
    public static final String VALIDATION_INTERVAL = "postgres.validation-interval";
    /** A pooled connection idle longer than this is validated before it is handed out. Default 5 s. */
    public static final String IDLE_VALIDATION = "postgres.idle-validation";
    /** The longest a pooled connection lives before it is replaced. Default 30 min. */
    public static final String MAX_LIFETIME = "postgres.max-lifetime";

    /** Default of {@link #SCHEMA}. */
    public static final String DEFAULT_SCHEMA = "agentmemory";
    /** Default of {@link dev.agentmemory.MemoryOptions#CLIENT_NAME} for this provider: the {@code application_name}. */
    public static final String DEFAULT_APPLICATION_NAME = "agentmemory";
    /** Default of {@link #CUBE_DIMENSIONS}. */
    public static final int DEFAULT_CUBE_DIMENSIONS = 48;
    /** Default of {@link #CANDIDATES}. */
    public static final int DEFAULT_CANDIDATES = 300;
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

    /** Values of {@link #SEARCH_MODE}. */
    public enum SearchMode {
        /** The best the server has: pgvector, else cube, else exact. */
        AUTO,
        /** A {@code vector(n)} column with an HNSW cosine index; needs the pgvector extension. */
        PGVECTOR,
        /** A random projection stored as a contrib {@code cube} with a GiST index, re-ranked exactly. */
        CUBE,
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
