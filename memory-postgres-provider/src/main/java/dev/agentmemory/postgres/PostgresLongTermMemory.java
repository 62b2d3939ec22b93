package dev.agentmemory.postgres;

import static org.jooq.impl.DSL.excluded;

import dev.agentmemory.Embedder;
import dev.agentmemory.Filter;
import dev.agentmemory.Health;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryType;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.SearchKind;
import dev.agentmemory.Vector;
import dev.agentmemory.postgres.PostgresOptions.SearchMode;
import dev.agentmemory.postgres.internal.VectorCodec;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * {@link LongTermMemory} on PostgreSQL. Memories live in {@code <schema>.memories}, keyed by (tenant, agent,
 * id); vectors are kept exactly, and searched by the mode of {@link SearchSetup} through {@link SimilaritySearch};
 * keyword and hybrid queries go through {@link KeywordSearch}.
 * Metadata are kept typed ({@link MetadataJson}) and filtered in SQL ({@link FilterCondition}), before ranking in
 * search and in {@code list}, {@code count} and {@code deleteAll}.
 *
 * <p>Thread-safe: every call borrows a pooled connection for its duration.
 */
final class PostgresLongTermMemory implements LongTermMemory {

    private static final System.Logger LOG = System.getLogger(PostgresLongTermMemory.class.getName());

    private final PostgresDatabase database;
    private final MemorySchema schema;
    private final Embedder embedder;
    private final int dimension;
    private final SharedSetup<SearchSetup> searchSetup;
    private final SearchIndexer indexer;
    private final VectorCache vectors;
    /** Whether this store has asked for the schema's first ANALYZE (see SearchIndexer#analyzeIfNeverAnalyzed). */
    private final AtomicBoolean analyzeAsked = new AtomicBoolean();

    PostgresLongTermMemory(PostgresDatabase database, Embedder embedder) {
        this.database = database;
        this.schema = database.schema();
        this.embedder = embedder;
        this.dimension = embedder.dimension();
        String application = database.settings().applicationName();
        this.indexer = new SearchIndexer(database, "agentmemory-postgres-index-" + application);
        this.vectors = new VectorCache(database.settings().vectorCacheMb() * 1024L * 1024L, dimension);
        this.searchSetup = new SharedSetup<>("agentmemory-postgres-search-setup-" + application, () -> {
            SearchSetup setup = SearchSetup.prepare(database, dimension);
            for (String note : setup.notes()) {
                LOG.log(Level.WARNING, note);
            }
            indexer.start(setup.columns(schema), setup.pendingRows());
            return setup;
        });
    }

    /** Connects, migrates and prepares the search mode now; for {@code connect=eager}. */
    void connectNow() {
        database.connectNow();
        setup();
    }

    @Override
    public Memory store(Scope scope, NewMemory memory) {
        return storeAll("store", scope, List.of(memory)).get(0);
    }

    @Override
    public List<Memory> storeAll(Scope scope, List<NewMemory> memories) {
        return storeAll("storeAll", scope, memories);
    }

    private List<Memory> storeAll(String operation, Scope scope, List<NewMemory> memories) {
        database.checkOpen(operation);
        List<float[]> vectors = vectors(operation, memories);
        SearchSetup search = setup();
        List<Field<?>> columns = new ArrayList<>(List.of(schema.mTenant, schema.mAgent, schema.mId, schema.mType,
                schema.mContent, schema.mEmbedding, schema.mImportance, schema.mMetadata, schema.mMetadataTypes,
                schema.mUserId, schema.mSessionId, schema.mExpiresAt));
        if (search.hasCube()) {
            columns.add(schema.mCube);
        }
        if (search.hasVector()) {
            columns.add(schema.mVector);
        }
        List<List<Object>> rows = new ArrayList<>(memories.size());
        for (int i = 0; i < memories.size(); i++) {
            NewMemory m = memories.get(i);
            float[] v = vectors.get(i);
            List<Object> row = new ArrayList<>(columns.size());
            row.add(scope.tenant());
            row.add(scope.agent());
            row.add(m.id());
            row.add(m.type().name());
            row.add(m.content());
            row.add(VectorCodec.encode(v));
            row.add(m.importance());
            row.add(MetadataJson.values(m.metadata()));
            row.add(MetadataJson.types(m.metadata()));
            row.add(m.userId());
            row.add(m.sessionId());
            row.add(m.expiresAt());
            if (search.hasCube()) {
                row.add(SearchSetup.cube(search.cubeSchema(), search.projection().project(v)));
            }
            if (search.hasVector()) {
                row.add(SearchSetup.vector(search.vectorSchema(), v));
            }
            rows.add(row);
        }
        Map<String, Memory> stored = database.transaction(operation, tx -> {
            var insert = tx.insertInto(schema.memories, columns);
            var values = insert.values(rows.get(0));
            for (int i = 1; i < rows.size(); i++) {
                values = values.values(rows.get(i));
            }
            var update = values.onConflict(schema.mTenant, schema.mAgent, schema.mId).doUpdate()
                    .set(schema.mType, excluded(schema.mType))
                    .set(schema.mContent, excluded(schema.mContent))
                    .set(schema.mEmbedding, excluded(schema.mEmbedding))
                    .set(schema.mImportance, excluded(schema.mImportance))
                    .set(schema.mMetadata, excluded(schema.mMetadata))
                    .set(schema.mMetadataTypes, excluded(schema.mMetadataTypes))
                    .set(schema.mUserId, excluded(schema.mUserId))
                    .set(schema.mSessionId, excluded(schema.mSessionId))
                    .set(schema.mExpiresAt, excluded(schema.mExpiresAt))
                    .set(schema.mUpdatedAt, DSL.currentInstant());
            if (search.hasCube()) {
                update = update.set(Map.of(schema.mCube, excluded(schema.mCube)));
            }
            if (search.hasVector()) {
                update = update.set(Map.of(schema.mVector, excluded(schema.mVector)));
            }
            Map<String, Memory> byId = new HashMap<>();
            for (Record r : update.returning(memoryFields()).fetch()) {
                Memory m = toMemory(r);
                byId.put(m.id(), m);
            }
            if (search.hasSignature()) {
                // The memory's one signature row, in the transaction that writes its embedding (migration V6).
                var signatures = tx.insertInto(schema.signatures, schema.sigTenant, schema.sigAgent, schema.sigId,
                        schema.sigSignature);
                var signed = signatures.values(DSL.val(scope.tenant()), DSL.val(scope.agent()),
                        DSL.val(memories.get(0).id()), SearchSetup.signature(vectors.get(0)));
                for (int i = 1; i < memories.size(); i++) {
                    signed = signed.values(DSL.val(scope.tenant()), DSL.val(scope.agent()),
                            DSL.val(memories.get(i).id()), SearchSetup.signature(vectors.get(i)));
                }
                signed.onConflict(schema.sigTenant, schema.sigAgent, schema.sigId).doUpdate()
                        .set(Map.of(schema.sigSignature, excluded(schema.sigSignature))).execute();
            }
            return byId;
        });
        if (analyzeAsked.compareAndSet(false, true)) {
            indexer.analyzeIfNeverAnalyzed();
        }
        List<Memory> out = new ArrayList<>(memories.size());
        for (NewMemory m : memories) {
            out.add(stored.get(m.id()));
        }
        return out;
    }

    @Override
    public Optional<Memory> get(Scope scope, String memoryId) {
        return database.call("get", c -> c.select(memoryFields()).from(schema.memories)
                .where(inScope(scope), schema.mId.eq(memoryId), notExpired())
                .fetchOptional(this::toMemory));
    }

    @Override
    public List<Memory> list(Scope scope, Filter filter, int limit) {
        return database.call("list", c -> c.select(memoryFields()).from(schema.memories)
                .where(inScope(scope), notExpired(), matches(filter))
                .orderBy(schema.mImportance.desc(), schema.mCreatedAt.desc(), schema.mId.asc())
                .limit(limit)
                .fetch(this::toMemory));
    }

    @Override
    public long count(Scope scope, Filter filter) {
        return database.call("count", c -> c.selectCount().from(schema.memories)
                .where(inScope(scope), notExpired(), matches(filter))
                .fetchSingle().value1().longValue());
    }

    @Override
    public long deleteAll(Scope scope, Filter filter) {
        // Expired memories that pass the filter go too, so that nothing of the scope's matching data stays behind.
        long deleted = database.call("deleteAll", c -> (long) c.deleteFrom(schema.memories)
                .where(inScope(scope), matches(filter))
                .execute());
        if (deleted > 0) {
            // Their cached vectors could no longer match a row's version; free their bytes now.
            vectors.forget(scope);
        }
        return deleted;
    }

    @Override
    public List<ScoredMemory> search(Scope scope, MemoryQuery query) {
        database.checkOpen("search");
        Vector given = query.vector();
        // A keyword search ranks by text alone: nothing to embed.
        float[] q = query.kind() == SearchKind.KEYWORD ? new float[0]
                : given != null ? given.toArray() : checked("search", embedder.embed(query.text()));
        SearchSetup search = setup();
        return database.transaction("search", tx -> {
            // The access counts a search bumps are bookkeeping, not data: not worth waiting for a WAL flush.
            tx.execute("SET LOCAL synchronous_commit TO off");
            List<SimilaritySearch.Hit> hits = query.kind() == SearchKind.VECTOR
                    ? SimilaritySearch.rank(tx, schema, search, vectors, scope, filters(scope, query), narrowed(query),
                            q, query.limit(), database.settings().candidates(), query.minSimilarity())
                    : KeywordSearch.rank(tx, schema, search, vectors, scope, filters(scope, query), narrowed(query),
                            query, q, database.settings().candidates());
            if (hits.isEmpty()) {
                return List.of();
            }
            Map<String, Memory> touched = new HashMap<>();
            for (Record r : tx.update(schema.memories)
                    .set(schema.mAccessCount, schema.mAccessCount.plus(1L))
                    .set(schema.mLastAccessedAt, DSL.currentInstant())
                    .where(inScope(scope), schema.mId.in(hits.stream().map(SimilaritySearch.Hit::id).toList()))
                    .returning(memoryFields())
                    .fetch()) {
                Memory m = toMemory(r);
                touched.put(m.id(), m);
            }
            List<ScoredMemory> out = new ArrayList<>(hits.size());
            for (SimilaritySearch.Hit hit : hits) {
                Memory m = touched.get(hit.id());
                if (m != null) {
                    out.add(new ScoredMemory(m, hit.similarity()));
                }
            }
            return out;
        });
    }

    @Override
    public boolean updateImportance(Scope scope, String memoryId, double importance) {
        return database.call("updateImportance", c -> c.update(schema.memories)
                .set(schema.mImportance, importance)
                .set(schema.mUpdatedAt, DSL.currentInstant())
                .where(inScope(scope), schema.mId.eq(memoryId), notExpired())
                .execute() > 0);
    }

    @Override
    public boolean delete(Scope scope, String memoryId) {
        // An expired memory is deleted too, but reported as absent, as get() would report it.
        boolean deleted = database.call("delete", c -> c.deleteFrom(schema.memories)
                .where(inScope(scope), schema.mId.eq(memoryId))
                .returningResult(DSL.field(notExpired()))
                .fetchOptional()
                .map(r -> Boolean.TRUE.equals(r.value1()))
                .orElse(false));
        vectors.forget(scope, memoryId);
        return deleted;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public Health health() {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("store", "long-term");
        attributes.put("dimension", Integer.toString(dimension));
        SearchSetup known = searchSetup.now();
        if (known == null) {
            try {
                known = setup();
            } catch (RuntimeException e) {
                // Reported by the round trip below; the mode stays unknown until the server answers.
                known = null;
            }
        }
        if (known == null) {
            attributes.put("searchMode", "unknown");
        } else {
            attributes.put("searchMode", known.mode().name().toLowerCase(Locale.ROOT));
            if (known.mode() != SearchMode.EXACT) {
                attributes.put("searchCandidates", Integer.toString(database.settings().candidates()));
            }
            if (known.hasCube()) {
                attributes.put("searchCubeDimensions", Integer.toString(known.cubeDimensions()));
            }
            attributes.put("searchIndex", known.mode() == SearchMode.EXACT ? "none" : indexer.state());
            attributes.put("searchVectorCache", vectors.enabled() ? vectors.size() + " vectors" : "off");
            if (!known.notes().isEmpty()) {
                attributes.put("searchSettingsIgnored", String.join("; ", known.notes()));
            }
        }
        return database.health(attributes);
    }

    @Override
    public void close() {
        indexer.close();
        database.close();
        vectors.clear();
        // With the pool closed, a search setup or index batch still running fails at once; let them end first.
        searchSetup.awaitQuiet(database.settings().closeTimeout());
        indexer.awaitStopped(database.settings().closeTimeout());
    }

    /** @return the vectors this store keeps, for tests */
    VectorCache vectorCache() {
        return vectors;
    }

    /**
     * The search mode, set up on first use: one setup shared by every concurrent first call, each waiting at most
     * {@link PostgresDatabase#setupBound()}, interruptibly.
     */
    SearchSetup setup() {
        database.checkOpen("open");
        SearchSetup known = searchSetup.now();
        return known != null ? known : database.awaitSetup(searchSetup, "open");
    }

    private List<float[]> vectors(String operation, List<NewMemory> memories) {
        List<float[]> vectors = new ArrayList<>(memories.size());
        List<String> toEmbed = new ArrayList<>();
        for (NewMemory m : memories) {
            if (m.embedding() == null) {
                toEmbed.add(m.content());
            }
        }
        List<float[]> embedded = toEmbed.isEmpty() ? List.of() : embedder.embedAll(toEmbed);
        int next = 0;
        for (NewMemory m : memories) {
            Vector v = m.embedding();
            vectors.add(checked(operation, v != null ? v.toArray() : embedded.get(next++)));
        }
        return vectors;
    }

    private float[] checked(String operation, float[] vector) {
        if (vector.length != dimension) {
            throw new MemoryConfigurationException(database.address(), operation, "the embedder returned a vector of "
                    + vector.length + " dimensions; it declares " + dimension);
        }
        return vector;
    }

    private Condition inScope(Scope scope) {
        return schema.mTenant.eq(scope.tenant()).and(schema.mAgent.eq(scope.agent()));
    }

    private Condition notExpired() {
        return schema.mExpiresAt.isNull().or(schema.mExpiresAt.gt(DSL.currentInstant()));
    }

    private Condition filters(Scope scope, MemoryQuery query) {
        Condition c = inScope(scope).and(notExpired());
        if (!query.types().isEmpty()) {
            c = c.and(schema.mType.in(query.types().stream().map(MemoryType::name).toList()));
        }
        if (query.minImportance() > 0) {
            c = c.and(schema.mImportance.ge(query.minImportance()));
        }
        if (query.userId() != null) {
            c = c.and(schema.mUserId.eq(query.userId()));
        }
        return c.and(matches(query.filter()));
    }

    /** @return whether the query filters more than scope and expiry (type, importance, user or metadata) */
    private static boolean narrowed(MemoryQuery query) {
        return !query.types().isEmpty() || query.minImportance() > 0 || query.userId() != null
                || !(query.filter() instanceof Filter.All);
    }

    /** The filter's condition on the metadata; nothing for {@link Filter#all()}. */
    private Condition matches(Filter filter) {
        return filter instanceof Filter.All ? DSL.noCondition() : FilterCondition.of(schema.mMetadata, filter);
    }

    private List<SelectField<?>> memoryFields() {
        return List.of(schema.mId, schema.mType, schema.mContent, schema.mImportance, schema.mMetadata,
                schema.mMetadataTypes, schema.mUserId, schema.mSessionId, schema.mCreatedAt, schema.mLastAccessedAt,
                schema.mAccessCount, schema.mExpiresAt);
    }

    private Memory toMemory(Record r) {
        return Memory.builder().id(r.get(schema.mId)).type(MemoryType.valueOf(r.get(schema.mType)))
                .content(r.get(schema.mContent)).importance(r.get(schema.mImportance))
                .metadata(MetadataJson.read(r.get(schema.mMetadata), r.get(schema.mMetadataTypes)))
                .userId(r.get(schema.mUserId))
                .sessionId(r.get(schema.mSessionId)).createdAt(r.get(schema.mCreatedAt))
                .lastAccessedAt(r.get(schema.mLastAccessedAt)).accessCount(r.get(schema.mAccessCount))
                .expiresAt(r.get(schema.mExpiresAt)).build();
    }

    @Override
    public String toString() {
        return "PostgresLongTermMemory{" + database.address() + ", schema=" + schema.schema + "}";
    }
}
