package dev.agentmemory.bench.postgres;

import dev.agentmemory.Embedder;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.MemoryType;
import dev.agentmemory.Metadata;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.postgres.PostgresOptions;
import dev.agentmemory.resilience.ResilienceOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * Opens the provider's long-term store as an application does, through {@link MemoryStores}, on a schema of its
 * own and in a given search mode; the resilience decorator is off, so that what is measured is the provider (its
 * cost on Redis is measured by the Redis benchmarks, and a retry layer's few microseconds are noise next to a
 * database round trip). Also loads and drops the benchmark data. Stateless.
 */
public final class PostgresStores {

    /** The scope every benchmark memory lives in. */
    public static final Scope SCOPE = new Scope("bench", "agent");
    /** Rows per {@code storeAll} while loading. */
    static final int LOAD_BATCH = 500;

    private PostgresStores() {
    }

    /**
     * @param url the PostgreSQL URL
     * @param schema the schema
     * @param mode {@code auto}, {@code exact}, {@code cube} or {@code pgvector}
     * @return the store, connected, its schema migrated and its search mode set up
     */
    public static LongTermMemory open(String url, String schema, String mode) {
        return MemoryStores.longTerm(url, options(schema, mode, ClusteredVectors.DIMENSION, Map.of()));
    }

    /**
     * {@link #open(String, String, String)} with more options and an embedder of the store's text.
     *
     * @param url the PostgreSQL URL
     * @param schema the schema
     * @param mode {@code auto}, {@code exact}, {@code cube} or {@code pgvector}
     * @param more further options, for example {@code postgres.cube.dimensions}
     * @param embedder embeds memories and queries given as text; its dimension is the store's
     * @return the store, connected, its schema migrated and its search mode set up
     */
    public static LongTermMemory open(String url, String schema, String mode, Map<String, String> more,
                                      Embedder embedder) {
        return MemoryStores.longTerm(url, options(schema, mode, embedder.dimension(), more), embedder);
    }

    private static MemoryOptions options(String schema, String mode, int dimension, Map<String, String> more) {
        Map<String, String> options = new HashMap<>(Map.of(
                PostgresOptions.SCHEMA.key(), schema,
                PostgresOptions.SEARCH_MODE.key(), mode,
                MemoryOptions.EMBEDDING_DIMENSION.key(), Integer.toString(dimension),
                MemoryOptions.CLIENT_NAME.key(), "agentmemory-bench",
                MemoryOptions.CONNECT.key(), "eager",
                ResilienceOptions.ENABLED.key(), "false"));
        options.putAll(more);
        return MemoryOptions.of(options);
    }

    /**
     * The search modes this server offers: {@code exact} always, {@code cube} and {@code pgvector} when their
     * extension is installed or available.
     *
     * @param url the PostgreSQL URL
     * @return the modes, in a stable order
     * @throws SQLException if the server does not answer
     */
    public static List<String> modes(String url) throws SQLException {
        Set<String> extensions = new TreeSet<>();
        int version;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT name FROM pg_available_extensions WHERE name IN ('cube', 'vector')")) {
                while (rs.next()) {
                    extensions.add(rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int")) {
                rs.next();
                version = rs.getInt(1);
            }
        }
        List<String> modes = new ArrayList<>(List.of("exact"));
        if (version >= 140_000) { // bit_count, which the signature mode scans with
            modes.add("signature");
        }
        if (extensions.contains("cube")) {
            modes.add("cube");
        }
        if (extensions.contains("vector")) {
            modes.add("pgvector");
        }
        return modes;
    }

    /**
     * Loads {@code count} clustered memories into a new schema through the provider's {@code storeAll}, in the
     * best index mode the server has (so that its search column and index are built), then {@code ANALYZE}s.
     *
     * @param url the PostgreSQL URL
     * @param schema the schema to create
     * @param count memories
     * @param modes the modes the server offers ({@link #modes})
     * @throws SQLException if the server does not answer
     */
    public static void load(String url, String schema, int count, List<String> modes) throws SQLException {
        load(url, schema, count, modes, i -> Metadata.empty());
    }

    /**
     * {@link #load(String, String, int, List)} with metadata on each memory.
     *
     * @param url the PostgreSQL URL
     * @param schema the schema to create
     * @param count memories
     * @param modes the modes the server offers ({@link #modes})
     * @param metadata the metadata of memory {@code i}
     * @throws SQLException if the server does not answer
     */
    public static void load(String url, String schema, int count, List<String> modes, IntFunction<Metadata> metadata)
            throws SQLException {
        ClusteredVectors vectors = new ClusteredVectors(ClusteredVectors.SEED);
        // Each index mode adds its column on first use; open every mode once so all columns exist and are kept.
        for (String mode : modes) {
            if (!mode.equals("exact")) {
                open(url, schema, mode).close();
            }
        }
        String loadMode = modes.contains("pgvector") ? "pgvector" : modes.get(modes.size() - 1);
        try (LongTermMemory store = open(url, schema, loadMode)) {
            List<NewMemory> batch = new ArrayList<>(LOAD_BATCH);
            for (int i = 0; i < count; i++) {
                batch.add(memory("m" + i, vectors.memory(i)).toBuilder().metadata(metadata.apply(i)).build());
                if (batch.size() == LOAD_BATCH || i == count - 1) {
                    store.storeAll(SCOPE, batch);
                    batch.clear();
                }
            }
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("ANALYZE \"" + schema + "\".memories");
        }
    }

    /**
     * @param id the memory id
     * @return its text, about 80 characters
     */
    static String content(String id) {
        return "memory " + id + ": the user prefers window seats, quiet hotels and early trains";
    }

    /**
     * @param id the memory id
     * @param vector its vector
     * @return the memory: {@link #content} and the given vector, semantic, importance 0.5
     */
    static NewMemory memory(String id, float[] vector) {
        return NewMemory.builder(content(id)).id(id).type(MemoryType.SEMANTIC).importance(0.5).embedding(vector)
                .build();
    }

    /**
     * Drops a schema of this run.
     *
     * @param url the PostgreSQL URL
     * @param schema the schema, which must start with {@code bench_}
     * @throws SQLException if the server does not answer
     */
    public static void drop(String url, String schema) throws SQLException {
        if (!schema.toLowerCase(Locale.ROOT).startsWith("bench_")) {
            throw new IllegalArgumentException("refusing to drop schema " + schema + ": not a benchmark schema");
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
    }
}
