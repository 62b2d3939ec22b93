package dev.agentmemory.postgres;

import dev.agentmemory.Scope;
import dev.agentmemory.postgres.PostgresOptions.SearchMode;
import dev.agentmemory.postgres.internal.EncodedCosine;
import dev.agentmemory.postgres.internal.VectorCodec;
import dev.agentmemory.spi.Cosine;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.ResultQuery;
import org.jooq.SelectConditionStep;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.postgresql.PGStatement;

/**
 * The one query builder behind every search mode. All modes select from the same scoped, filtered set of
 * memories (scope, expiry, type, importance, user, metadata) and score candidates by exact cosine similarity
 * in Java ({@link Cosine}), so they return the same shape and the same scores; they differ only in how many
 * candidates they read:
 * <ul>
 *   <li>{@code exact}: every memory of the filtered set;</li>
 *   <li>{@code cube}: the nearest few hundred by Euclidean distance of the projected unit vectors
 *       ({@code <->}, GiST KNN);</li>
 *   <li>{@code signature}: the nearest few hundred by Hamming distance of the sign bits
 *       ({@code bit_count(signature # query)}), read from the narrow table {@code memory_signatures} (scope, id and
 *       48 bytes per 384-d memory, about a third of the time a scan of the wide {@code memories} rows takes) and
 *       joined back to {@code memories} by primary key;</li>
 *   <li>{@code pgvector}: the nearest few hundred by cosine distance ({@code <=>}, HNSW).</li>
 * </ul>
 * The filters are in the {@code WHERE} clause of the candidate query, so every mode reads its candidates from the
 * memories that pass them: a GiST KNN scan (cube) is exact in its own distance and reads past rows that fail the
 * filters until it has enough; an HNSW scan (pgvector) cannot, so a short answer falls back to the exact scan.
 *
 * <p>The signature table has no copy of the filters. Without a filter beyond scope and expiry the search ranks the
 * scope's signatures alone and joins the nearest back, where expiry drops the expired ones; should fewer than
 * {@code limit} survive, it searches again as with a filter. With a type, importance, user or metadata filter it
 * ranks the signatures joined to their memories with every filter in the {@code WHERE} clause: slower (the join reads
 * the wide rows) but the candidates are the nearest memories that pass the filters, never fewer than exist.
 *
 * <p>Memories whose cube or vector column is still empty (a schema just switched to a mode, filled in the background by
 * {@link SearchIndexer}, or a row written by a store that predates the column) are read as well, in the same
 * statement, and scored exactly: an index mode never misses a memory it has not indexed yet. A partial index on the
 * empty rows keeps that part free once everything is indexed.
 *
 * <p>Stateless and thread-safe.
 */
final class SimilaritySearch {

    /**
     * A ranked hit.
     *
     * @param id the memory id
     * @param similarity the exact cosine similarity
     */
    record Hit(String id, double similarity) {
    }

    /** Rows fetched per round trip: bounds the memory a scan holds (a 384-d vector is 1.5 kB). */
    static final int FETCH_SIZE = 2000;

    /**
     * Makes pgjdbc prepare the candidate query on the server at once and receive its columns in binary form: without
     * it, the first executions of a statement on a connection (pgjdbc's {@code prepareThreshold}, 5) and every
     * statement whose text varies receive each {@code bytea} as hex text, twice the bytes and a decoding pass.
     */
    private static final ExecuteListener BINARY_RESULTS = ExecuteListener.onPrepareEnd(ctx -> {
        try {
            ctx.statement().unwrap(PGStatement.class).setPrepareThreshold(-1);
        } catch (SQLException e) {
            throw new DataAccessException("cannot ask pgjdbc for binary results: " + e.getMessage(), e);
        }
    });

    private SimilaritySearch() {
    }

    /**
     * Ranks the filtered memories by similarity to {@code query}.
     *
     * @param tx a context inside a transaction
     * @param schema the schema
     * @param setup the search mode
     * @param scope the scope, the one filter of the signature table
     * @param filters scope and filters, applied before any ranking
     * @param narrowed whether {@code filters} has more than scope and expiry
     * @param query the query vector
     * @param limit most hits
     * @param candidates how many candidates an index prefilter reads (at least {@code limit} are read)
     * @param minSimilarity smallest similarity kept
     * @return the hits, best first (ties by id)
     */
    static List<Hit> rank(DSLContext tx, MemorySchema schema, SearchSetup setup, VectorCache vectors, Scope scope,
                          Condition filters, boolean narrowed, float[] query, int limit, int candidates,
                          double minSimilarity) {
        int wanted = Math.max(limit, candidates);
        // A jOOQ select is mutable (orderBy and limit change it): each query starts from a fresh one.
        DSLContext binary = DSL.using(tx.configuration().deriveAppending(BINARY_RESULTS));
        Scorer scorer = new Scorer(binary, schema, vectors, scope, filters, new EncodedCosine(query), minSimilarity,
                wanted);
        // Each candidate query is a function of what it selects: a cache miss may need it again with the vectors.
        Function<List<SelectField<?>>, SelectConditionStep<Record>> scoped = columns -> binary
                .select(columns)
                .from(schema.memories)
                .where(filters);
        TopHits top = new TopHits(limit);
        if (setup.mode() == SearchMode.CUBE && setup.hasCube()) {
            // A scalar subquery is evaluated once (an InitPlan), not once per row as a plain expression of a
            // bound parameter would be in a generic plan.
            Field<Object> target = DSL.field(DSL.select(SearchSetup.cube(setup.cubeSchema(),
                    setup.projection().project(query))));
            scorer.score(columns -> scoped.apply(columns).and(schema.mCube.isNotNull()).orderBy(DSL.field(
                    "{0} OPERATOR({1}.<->) {2}", SQLDataType.DOUBLE, schema.mCube, setup.cubeSchema(), target))
                    .limit(wanted).unionAll(scoped.apply(columns).and(schema.mCube.isNull())), top);
        } else if (setup.mode() == SearchMode.SIGNATURE && setup.hasSignature()) {
            // Every filter in the WHERE clause of a scan of the signatures joined to their memories.
            Function<List<SelectField<?>>, ResultQuery<Record>> filtered = columns -> binary
                    .select(columns)
                    .from(schema.signatures).join(schema.memories)
                    .on(schema.mTenant.eq(schema.sigTenant), schema.mAgent.eq(schema.sigAgent),
                            schema.mId.eq(schema.sigId))
                    .where(signatureScope(schema, scope)).and(filters)
                    .orderBy(signatureDistance(schema, query)).limit(wanted);
            if (narrowed) {
                noNestedLoops(tx);
                scorer.score(filtered, top);
            } else {
                int read = scorer.score(columns -> nearestBySignature(binary, schema, scope, filters, query, wanted,
                        columns), top);
                if (read < limit) {
                    // Expired memories took the place of live ones among the nearest (or the scope is that small).
                    top = new TopHits(limit);
                    noNestedLoops(tx);
                    scorer.score(filtered, top);
                }
            }
        } else if (setup.mode() == SearchMode.PGVECTOR && setup.hasVector()) {
            // HNSW returns at most ef_search rows per scan; ask for as many as the candidates wanted.
            tx.select(DSL.function("set_config", String.class, DSL.val("hnsw.ef_search"),
                    DSL.val(Integer.toString(Math.min(wanted, 1000))), DSL.inline(true))).fetch();
            Field<Object> target = DSL.field(DSL.select(SearchSetup.vector(setup.vectorSchema(), query)));
            int read = scorer.score(columns -> scoped.apply(columns).and(schema.mVector.isNotNull()).orderBy(
                    DSL.field("{0} OPERATOR({1}.<=>) {2}", SQLDataType.DOUBLE, schema.mVector, setup.vectorSchema(),
                            target)).limit(wanted).unionAll(scoped.apply(columns).and(schema.mVector.isNull())), top);
            if (read < wanted) {
                // An HNSW scan stops after ef_search index entries and applies the filters to those alone, so a
                // selective filter can leave fewer rows than exist. Fewer than wanted means either that few rows pass
                // the filters, or that the scan was cut short: rank the filtered set exactly, which is cheap in the
                // first case and the only correct answer in the second.
                top = new TopHits(limit);
                scorer.score(scoped::apply, top);
            }
        } else {
            scorer.score(scoped::apply, top);
        }
        return top.best();
    }

    /** @return the scope's rows of the signature table, the one filter it has */
    private static Condition signatureScope(MemorySchema schema, Scope scope) {
        return schema.sigTenant.eq(scope.tenant()).and(schema.sigAgent.eq(scope.agent()));
    }

    /**
     * @return the Hamming distance of a signature to the query's, {@code bit_count(signature # query)}, the query's
     *     signature a scalar subquery evaluated once (an InitPlan)
     */
    private static Field<Long> signatureDistance(MemorySchema schema, float[] query) {
        Field<Object> target = DSL.field(DSL.select(SearchSetup.signature(query)));
        return DSL.field("bit_count({0} # {1})", SQLDataType.BIGINT, schema.sigSignature, target);
    }

    /**
     * The unfiltered signature search's candidates: the ids of the scope's {@code wanted} nearest signatures, as an
     * array computed once (an InitPlan), then their rows by primary key ({@link #byId}).
     *
     * @param columns what to select of each candidate, fields of {@code memories}
     */
    static ResultQuery<Record> nearestBySignature(DSLContext binary, MemorySchema schema, Scope scope,
                                                  Condition filters, float[] query, int wanted,
                                                  List<SelectField<?>> columns) {
        Field<String[]> nearest = DSL.array(DSL.select(schema.sigId).from(schema.signatures)
                .where(signatureScope(schema, scope))
                .orderBy(signatureDistance(schema, query)).limit(wanted));
        return byId(binary, schema, filters, nearest, columns);
    }

    /**
     * The rows of some ids that pass the filters, by primary key ({@code id = ANY(ids)}, an index condition once the
     * planner has statistics). Before the first {@code ANALYZE} of a freshly loaded table the planner takes a scope for
     * a row or two, reads the scope's rows once and compares each with every id (69 ms for 300 ids at 10,000 memories,
     * 306 ms at 40,000, in the real-text benchmark); each form tried was worse there (a join to the ids read the scope
     * once per id: 385 ms at 10,000, 938 ms at 40,000), so the store analyzes a never-analyzed schema itself after its
     * first write ({@link SearchIndexer#analyzeIfNeverAnalyzed}).
     *
     * @param ids the ids, an array
     * @param columns what to select of each row, fields of {@code memories}
     */
    private static ResultQuery<Record> byId(DSLContext binary, MemorySchema schema, Condition filters,
                                            Field<String[]> ids, List<SelectField<?>> columns) {
        return binary.select(columns).from(schema.memories).where(filters).and(schema.mId.eq(DSL.any(ids)));
    }

    /**
     * Keeps the planner from joining the signatures to the filtered memories by nested loops for the rest of the
     * transaction: without statistics (a table loaded since its last ANALYZE) it takes a scope for a row or two and
     * reads every memory of the scope once per signature. A hash or merge join reads each side once: the scope's
     * signatures (narrow) and the memories that pass the filters (through their indexes when selective).
     */
    private static void noNestedLoops(DSLContext tx) {
        tx.select(DSL.function("set_config", String.class, DSL.val("enable_nestloop"), DSL.val("off"),
                DSL.inline(true))).fetch();
    }

    /**
     * Scores the rows of a candidate query into a {@link TopHits}, straight from the vectors' stored bytes
     * ({@link EncodedCosine}, bit for bit {@link Cosine}). Without a vector cache the candidate query selects each
     * row's id and vector, in pgjdbc's binary form (half the bytes of the hex text form, and no hex decoding), a few
     * thousand rows at a time, and an id is read only for a score that can enter the top. With one it selects each
     * row's id and version, scores the rows whose vector the cache holds at that version, and reads the others'
     * vectors in one more statement (the same filters, by id), keeping them for the next search. Not thread-safe: one
     * per search.
     */
    private static final class Scorer {



        private final DSLContext binary;
        private final MemorySchema schema;
        private final VectorCache vectors;
        private final Scope scope;
        private final Condition filters;
        private final EncodedCosine cosine;
        private final double minSimilarity;
        private final boolean cached;
        private final int byIdAtMost;

        Scorer(DSLContext binary, MemorySchema schema, VectorCache vectors, Scope scope, Condition filters,
               EncodedCosine cosine, double minSimilarity, int byIdAtMost) {
            this.binary = binary;
            this.schema = schema;
            this.vectors = vectors;
            this.scope = scope;
            this.filters = filters;
            this.cosine = cosine;
            this.minSimilarity = minSimilarity;
            this.cached = vectors.serves(scope);
            this.byIdAtMost = byIdAtMost;
        }

        /** @return what a candidate query selects: id and vector, or with a cache id and version */
        List<SelectField<?>> columns() {
            return cached ? List.of(schema.mId, schema.mXmin, schema.mUpdatedAt)
                    : List.of(schema.mId, schema.mEmbedding);
        }

        /**
         * @param candidates the candidate query, selecting the given fields of {@code memories}
         * @return how many rows the candidate query returned
         */
        int score(Function<List<SelectField<?>>, ? extends ResultQuery<Record>> candidates, TopHits top) {
            int read = 0;
            List<String> missing = new ArrayList<>();
            try (ResultSet rows = candidates.apply(columns()).fetchSize(FETCH_SIZE).fetchResultSet()) {
                while (rows.next()) {
                    read++;
                    if (!cached) {
                        offer(rows.getBytes(2), rows, top);
                        continue;
                    }
                    String id = rows.getString(1);
                    VectorCache.Entry entry = vectors.get(scope, id, rows.getBytes(2), rows.getBytes(3));
                    if (entry == null) {
                        missing.add(id);
                    } else {
                        offer(id, cosine.similarity(entry.vector(), entry.squaredNorm()), top);
                    }
                }
            } catch (SQLException e) {
                throw new DataAccessException("reading search candidates failed: " + e.getMessage(), e);
            }
            if (cached) {
                vectors.read(scope, read);
            }
            if (missing.isEmpty()) {
                return read;
            }
            // Read in this statement's snapshot: a row changed since the first one is scored as it is now, one
            // deleted or no longer passing the filters is not scored. By id, up to as many as an index prefilter reads
            // (all of its misses: running its query again would repeat its scan); more (an exact scan on a cold cache)
            // by running the candidate query again with the vectors, keeping the missing ones: "id = ANY" of thousands
            // of ids can compare each row of the scope with each of them (it timed out at 40,000).
            List<SelectField<?>> withVectors = List.of(schema.mId, schema.mXmin, schema.mUpdatedAt, schema.mEmbedding);
            boolean few = missing.size() <= byIdAtMost;
            Set<String> wanted = few ? Set.of() : new HashSet<>(missing);
            ResultQuery<Record> query = few
                    ? byId(binary, schema, filters, DSL.val(missing.toArray(String[]::new)), withVectors)
                    : candidates.apply(withVectors);
            try (ResultSet rows = query.fetchSize(FETCH_SIZE).fetchResultSet()) {
                while (rows.next()) {
                    String id = rows.getString(1);
                    if (!few && !wanted.contains(id)) {
                        continue;
                    }
                    float[] vector = VectorCodec.decode(rows.getBytes(4));
                    VectorCache.Entry entry = new VectorCache.Entry(rows.getBytes(2), rows.getBytes(3), vector,
                            EncodedCosine.squaredNorm(vector));
                    vectors.put(scope, id, entry);
                    offer(id, cosine.similarity(vector, entry.squaredNorm()), top);
                }
            } catch (SQLException e) {
                throw new DataAccessException("reading search candidates failed: " + e.getMessage(), e);
            }
            return read;
        }

        private void offer(byte[] encoded, ResultSet row, TopHits top) throws SQLException {
            double similarity = cosine.similarity(encoded);
            if (similarity >= minSimilarity && top.beats(similarity)) {
                top.offer(row.getString(1), similarity);
            }
        }

        private void offer(String id, double similarity, TopHits top) {
            if (similarity >= minSimilarity && top.beats(similarity)) {
                top.offer(id, similarity);
            }
        }
    }
}
