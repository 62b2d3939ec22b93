package dev.agentmemory.postgres;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.postgres.PostgresOptions.SearchMode;
import dev.agentmemory.postgres.internal.RandomProjection;
import dev.agentmemory.postgres.internal.VectorCodec;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;

/**
 * What a long-term store searches with, decided once on first use from the option {@code postgres.search-mode}
 * and what the server has, and the schema objects that mode needs (extension, column, index), created
 * idempotently under an advisory lock.
 *
 * <p>A search column, once created, is kept up to date by every store on the schema, whatever mode that store
 * searches with, so that switching modes later never misses a memory.
 *
 * @param mode the mode searches use
 * @param dimension the embedding dimension of the schema
 * @param projection the cube projection, when the schema has a cube column
 * @param cubeSchema where the {@code cube} extension lives, when the schema has a cube column
 * @param vectorSchema where the {@code vector} extension lives, when the schema has a vector column
 * @param hasSignature whether the schema has the signature table (migration V6; absent from a schema managed
 *     elsewhere at an older version)
 * @param pendingRows how many memories had an empty search column when the store opened (the {@link SearchIndexer}
 *     fills them in the background)
 * @param notes settings of this store that the schema cannot apply (a cube of another dimension), one sentence each
 */
record SearchSetup(SearchMode mode, int dimension, @Nullable RandomProjection projection, @Nullable Name cubeSchema,
                   @Nullable Name vectorSchema, boolean hasSignature, long pendingRows, List<String> notes) {

    private static final System.Logger LOG = System.getLogger(SearchSetup.class.getName());
    /** HNSW indexes of pgvector take at most this many dimensions. */
    static final int PGVECTOR_HNSW_MAX_DIMENSION = 2000;
    /** {@code bit_count(bit)} came with PostgreSQL 14. */
    static final int SIGNATURE_MIN_SERVER_VERSION = 140000;
    static final String DIMENSION_SETTING = "embedding_dimension";
    static final String CUBE_DIMENSIONS_SETTING = "cube_dimensions";
    static final String CUBE_SEED_SETTING = "cube_projection_seed";

    boolean hasCube() {
        return projection != null && cubeSchema != null;
    }

    boolean hasVector() {
        return vectorSchema != null;
    }

    /** @return the schema's search columns, each with how a vector's value is computed, for {@link SearchIndexer} */
    List<SearchIndexer.Column> columns(MemorySchema schema) {
        List<SearchIndexer.Column> out = new ArrayList<>();
        if (hasCube()) {
            out.add(new SearchIndexer.Column("embedding_cube", schema.mCube, v -> cube(cubeSchema, projection.project(v))));
        }
        if (hasVector()) {
            out.add(new SearchIndexer.Column("embedding_vector", schema.mVector, v -> vector(vectorSchema, v)));
        }
        // Signatures need no fill: migration V6 wrote one for every memory, and every store writes its own.
        return out;
    }

    /** @return the cube's dimensions, or 0 without a cube column */
    int cubeDimensions() {
        return projection == null ? 0 : projection.outputDimension();
    }

    /**
     * Decides the mode and prepares the schema for it.
     *
     * @param database the database (pool and schema ready)
     * @param dimension the store's embedding dimension
     * @return the setup
     */
    static SearchSetup prepare(PostgresDatabase database, int dimension) {
        PostgresSettings settings = database.settings();
        MemorySchema schema = database.schema();
        SearchMode requested = settings.searchMode();
        Map<String, String> installed = database.call("open", SearchSetup::installedExtensions);
        Set<String> available = database.call("open", SearchSetup::availableExtensions);

        SearchMode mode = requested;
        if (requested == SearchMode.AUTO) {
            mode = SearchMode.EXACT;
            for (SearchMode candidate : List.of(SearchMode.PGVECTOR, SearchMode.SIGNATURE, SearchMode.CUBE)) {
                if (candidate == SearchMode.SIGNATURE) {
                    if (serverVersion(database) >= SIGNATURE_MIN_SERVER_VERSION) {
                        mode = candidate;
                        break;
                    }
                    continue;
                }
                String extension = extensionOf(candidate);
                if (installed.containsKey(extension)
                        || (available.contains(extension) && tryCreate(database, extension, false))) {
                    mode = candidate;
                    break;
                }
            }
        } else if (requested == SearchMode.SIGNATURE) {
            int version = serverVersion(database);
            if (version < SIGNATURE_MIN_SERVER_VERSION) {
                throw new MemoryConfigurationException(settings.address(), "open", "option "
                        + PostgresOptions.SEARCH_MODE.key() + "=signature needs PostgreSQL 14 or later (bit_count), "
                        + "this server is " + version + "; use search mode auto, cube or exact");
            }
        } else if (requested != SearchMode.EXACT) {
            String extension = extensionOf(requested);
            if (!installed.containsKey(extension)) {
                if (!available.contains(extension)) {
                    throw new MemoryConfigurationException(settings.address(), "open", "option "
                            + PostgresOptions.SEARCH_MODE.key() + "=" + requested.name().toLowerCase(java.util.Locale.ROOT)
                            + " needs the PostgreSQL extension '" + extension + "', which this server does not have; "
                            + "install it or use search mode auto or exact");
                }
                tryCreate(database, extension, true);
            }
        }
        SearchMode chosen = mode;
        SearchSetup setup = database.transaction("open", tx -> prepareSchema(tx, schema, settings, dimension, chosen));
        LOG.log(Level.DEBUG, "long-term store on {0}, schema {1}: search mode {2}", settings.address(),
                settings.schema(), chosen);
        return setup;
    }

    private static SearchSetup prepareSchema(DSLContext tx, MemorySchema schema, PostgresSettings settings,
                                             int dimension, SearchMode mode) {
        // One store at a time sets a schema up; the others wait and then see its work.
        tx.select(DSL.function("pg_advisory_xact_lock", Object.class,
                DSL.function("hashtext", Integer.class, DSL.val("agentmemory:" + schema.schema)))).fetch();
        int stored = Integer.parseInt(setting(tx, schema, DIMENSION_SETTING, Integer.toString(dimension)));
        if (stored != dimension) {
            throw new MemoryConfigurationException(settings.address(), "open", "schema " + schema.schema
                    + " holds vectors of dimension " + stored + ", but this store's embedder has dimension "
                    + dimension + "; use another schema (option " + PostgresOptions.SCHEMA.key() + ") or the same embedder");
        }
        Map<String, String> installed = installedExtensions(tx);
        Set<String> columns = memoryColumns(tx, schema);

        if (mode == SearchMode.CUBE && !columns.contains("embedding_cube")) {
            Name cubeSchema = name(installed.get("cube"));
            tx.execute("ALTER TABLE {0} ADD COLUMN IF NOT EXISTS {1} {2}", schema.memories, name("embedding_cube"),
                    name(installed.get("cube"), "cube"));
            columns.add("embedding_cube");
            setting(tx, schema, CUBE_DIMENSIONS_SETTING, Integer.toString(settings.cubeDimensions()));
            setting(tx, schema, CUBE_SEED_SETTING, Long.toString(new SecureRandom().nextLong()));
            // Existing memories get their cubes from the SearchIndexer, in the background, not here: a single
            // backfill of thousands of rows would not fit in the statement timeout of the call that opens the store.
            tx.execute("CREATE INDEX IF NOT EXISTS {0} ON {1} USING gist ({2})", name("memories_cube"),
                    schema.memories, name("embedding_cube"));
        }
        if (mode == SearchMode.PGVECTOR && !columns.contains("embedding_vector")) {
            String vectorSchema = installed.get("vector");
            tx.execute("ALTER TABLE {0} ADD COLUMN IF NOT EXISTS {1} {2}({3})", schema.memories,
                    name("embedding_vector"), name(vectorSchema, "vector"), DSL.inline(dimension));
            columns.add("embedding_vector");
            if (dimension <= PGVECTOR_HNSW_MAX_DIMENSION) {
                tx.execute("CREATE INDEX IF NOT EXISTS {0} ON {1} USING hnsw ({2} {3})", name("memories_vector"),
                        schema.memories, name("embedding_vector"), name(vectorSchema, "vector_cosine_ops"));
            } else {
                LOG.log(Level.WARNING, "pgvector indexes at most {0} dimensions; schema {1} searches its {2}-dimension "
                        + "vectors without an index", PGVECTOR_HNSW_MAX_DIMENSION, schema.schema, dimension);
            }
        }
        RandomProjection projection = null;
        Name cubeSchema = null;
        if (columns.contains("embedding_cube") && installed.containsKey("cube")) {
            projection = projection(tx, schema, dimension);
            cubeSchema = name(installed.get("cube"));
        }
        Name vectorSchema = columns.contains("embedding_vector") && installed.containsKey("vector")
                ? name(installed.get("vector")) : null;
        List<String> notes = new ArrayList<>();
        if (projection != null && projection.outputDimension() != settings.cubeDimensions()
                && settings.cubeDimensionsGiven()) {
            notes.add("option " + PostgresOptions.CUBE_DIMENSIONS.key() + "=" + settings.cubeDimensions()
                    + " does not apply: schema " + schema.schema + " already holds " + projection.outputDimension()
                    + "-dimension cubes, which every store on it shares; to change them, use a new schema");
        }
        boolean hasSignature = tableExists(tx, schema, "memory_signatures");
        if (mode == SearchMode.SIGNATURE && !hasSignature && settings.searchMode() == SearchMode.AUTO) {
            // A schema managed elsewhere (migration none or validate) at a version before V6.
            LOG.log(Level.WARNING, "schema {0} has no memory_signatures table (migration V6); searching it exactly",
                    schema.schema);
            mode = SearchMode.EXACT;
        }
        if (mode == SearchMode.SIGNATURE && !hasSignature) {
            throw new MemoryConfigurationException(settings.address(), "open", "schema " + schema.schema + " has no "
                    + "memory_signatures table (migration V6); migrate it (option " + PostgresOptions.MIGRATION.key()
                    + "=migrate) or use another search mode");
        }
        long pending = 0;
        for (String column : List.of("embedding_cube", "embedding_vector")) {
            if (columns.contains(column)) {
                // What the background fill and the searches in the meantime read: the rows still without a value.
                // Looked up first: CREATE INDEX IF NOT EXISTS takes a SHARE lock on the table even when it exists.
                String pendingIndex = "memories_" + column + "_pending";
                if (!indexExists(tx, schema, pendingIndex)) {
                    tx.execute("CREATE INDEX IF NOT EXISTS {0} ON {1} (tenant, agent) WHERE {2} IS NULL",
                            name(pendingIndex), schema.memories, name(column));
                }
                pending += tx.fetchCount(schema.memories, field(name(column)).isNull());
            }
        }
        return new SearchSetup(mode, dimension, projection, cubeSchema, vectorSchema, hasSignature, pending,
                List.copyOf(notes));
    }

    private static RandomProjection projection(DSLContext tx, MemorySchema schema, int dimension) {
        int dims = Integer.parseInt(setting(tx, schema, CUBE_DIMENSIONS_SETTING,
                Integer.toString(PostgresOptions.DEFAULT_CUBE_DIMENSIONS)));
        long seed = Long.parseLong(setting(tx, schema, CUBE_SEED_SETTING, Long.toString(new SecureRandom().nextLong())));
        return new RandomProjection(seed, dimension, dims);
    }

    /** @return {@code <cubeSchema>.cube(?::float8[])} with the projection bound */
    static Field<Object> cube(Name cubeSchema, Double[] projected) {
        return DSL.function(name(cubeSchema.last(), "cube"), SQLDataType.OTHER,
                DSL.val(projected, SQLDataType.DOUBLE.getArrayDataType()));
    }

    /** @return {@code CAST(? AS bit varying)} with the vector's sign bits bound as text */
    static Field<Object> signature(float[] vector) {
        return DSL.field("CAST({0} AS bit varying)", SQLDataType.OTHER, DSL.val(VectorCodec.signBits(vector)));
    }

    /** @return {@code CAST(? AS <vectorSchema>.vector)} with the vector bound as text */
    static Field<Object> vector(Name vectorSchema, float[] vector) {
        return DSL.field("CAST({0} AS {1})", SQLDataType.OTHER, DSL.val(VectorCodec.pgvectorText(vector)),
                name(vectorSchema.last(), "vector"));
    }

    private static String setting(DSLContext tx, MemorySchema schema, String key, String valueIfAbsent) {
        tx.insertInto(schema.settings, schema.settingName, schema.settingValue).values(key, valueIfAbsent)
                .onConflictDoNothing().execute();
        return tx.select(schema.settingValue).from(schema.settings).where(schema.settingName.eq(key)).fetchSingle().value1();
    }

    private static Map<String, String> installedExtensions(DSLContext c) {
        Field<String> extName = field(name("e", "extname"), String.class);
        Field<String> nspName = field(name("n", "nspname"), String.class);
        Map<String, String> out = new HashMap<>();
        for (Record r : c.select(extName, nspName)
                .from(table(name("pg_catalog", "pg_extension")).as("e"))
                .join(table(name("pg_catalog", "pg_namespace")).as("n"))
                .on(field(name("n", "oid")).eq(field(name("e", "extnamespace"))))
                .where(extName.in("cube", "vector"))
                .fetch()) {
            out.put(r.get(extName), r.get(nspName));
        }
        return out;
    }

    private static Set<String> availableExtensions(DSLContext c) {
        Field<String> extName = field(name("name"), String.class);
        return c.select(extName).from(table(name("pg_catalog", "pg_available_extensions")))
                .where(extName.in("cube", "vector")).fetchSet(extName);
    }

    private static int serverVersion(PostgresDatabase database) {
        return database.call("open", c -> Integer.parseInt(c.fetchValue(DSL.function("current_setting", String.class,
                DSL.inline("server_version_num")))));
    }

    private static boolean indexExists(DSLContext c, MemorySchema schema, String index) {
        return c.fetchExists(table(name("pg_catalog", "pg_indexes")), field(name("schemaname"), String.class)
                .eq(schema.schema).and(field(name("indexname"), String.class).eq(index)));
    }

    private static boolean tableExists(DSLContext c, MemorySchema schema, String table) {
        return c.fetchExists(table(name("information_schema", "tables")), field(name("table_schema"), String.class)
                .eq(schema.schema).and(field(name("table_name"), String.class).eq(table)));
    }

    private static Set<String> memoryColumns(DSLContext c, MemorySchema schema) {
        Field<String> column = field(name("column_name"), String.class);
        return c.select(column).from(table(name("information_schema", "columns")))
                .where(field(name("table_schema"), String.class).eq(schema.schema),
                        field(name("table_name"), String.class).eq("memories"))
                .fetch(column).stream().collect(Collectors.toCollection(java.util.HashSet::new));
    }

    /**
     * Creates an extension in the configured extension schema, in its own statement (so a concurrent creation by
     * another store is harmless).
     *
     * @return whether the extension is installed afterwards
     */
    private static boolean tryCreate(PostgresDatabase database, String extension, boolean required) {
        PostgresSettings settings = database.settings();
        try {
            database.call("open", c -> c.execute("CREATE EXTENSION IF NOT EXISTS {0} WITH SCHEMA {1}", name(extension),
                    name(settings.extensionSchema())));
            return true;
        } catch (RuntimeException e) {
            if (database.call("open", SearchSetup::installedExtensions).containsKey(extension)) {
                return true;
            }
            if (required) {
                throw e;
            }
            LOG.log(Level.WARNING, "cannot create extension {0} in schema {1} at {2} ({3}); searching without it",
                    extension, settings.extensionSchema(), settings.address(), e.getMessage());
            return false;
        }
    }

    private static String extensionOf(SearchMode mode) {
        return mode == SearchMode.PGVECTOR ? "vector" : "cube";
    }
}
