package dev.agentmemory.postgres;

import dev.agentmemory.postgres.PostgresOptions.SearchMode;
import dev.agentmemory.postgres.internal.VectorCodec;
import dev.agentmemory.spi.Cosine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.SelectConditionStep;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The one query builder behind every search mode. All modes select from the same scoped, filtered set of
 * memories (scope, expiry, type, importance, user, metadata) and score candidates by exact cosine similarity
 * in Java ({@link Cosine}), so they return the same shape and the same scores; they differ only in how many
 * candidates they read:
 * <ul>
 *   <li>{@code exact}: every memory of the filtered set;</li>
 *   <li>{@code cube}: the nearest few hundred by Euclidean distance of the projected unit vectors
 *       ({@code <->}, GiST KNN);</li>
 *   <li>{@code pgvector}: the nearest few hundred by cosine distance ({@code <=>}, HNSW).</li>
 * </ul>
 * The filters are in the {@code WHERE} clause of the candidate query, so every mode reads its candidates from the
 * memories that pass them: a GiST KNN scan (cube) is exact in its own distance and reads past rows that fail the
 * filters until it has enough; an HNSW scan (pgvector) cannot, so a short answer falls back to the exact scan.
 * Stateless and thread-safe.
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

    private SimilaritySearch() {
    }

    /**
     * Ranks the filtered memories by similarity to {@code query}.
     *
     * @param tx a context inside a transaction
     * @param schema the schema
     * @param setup the search mode
     * @param filters scope and filters, applied before any ranking
     * @param query the query vector
     * @param limit most hits
     * @param candidates how many candidates an index prefilter reads (at least {@code limit} are read)
     * @param minSimilarity smallest similarity kept
     * @return the hits, best first (ties by id)
     */
    static List<Hit> rank(DSLContext tx, MemorySchema schema, SearchSetup setup, Condition filters, float[] query,
                          int limit, int candidates, double minSimilarity) {
        int wanted = Math.max(limit, candidates);
        // A jOOQ select is mutable (orderBy and limit change it): each query starts from a fresh one.
        Supplier<SelectConditionStep<Record2<String, byte[]>>> scoped = () -> tx
                .select(schema.mId, schema.mEmbedding)
                .from(schema.memories)
                .where(filters);
        List<Record2<String, byte[]>> rows;
        if (setup.mode() == SearchMode.CUBE && setup.hasCube()) {
            // A scalar subquery is evaluated once (an InitPlan), not once per row as a plain expression of a
            // bound parameter would be in a generic plan.
            Field<Object> target = DSL.field(DSL.select(SearchSetup.cube(setup.cubeSchema(),
                    setup.projection().project(query))));
            rows = scoped.get().orderBy(DSL.field("{0} OPERATOR({1}.<->) {2}", SQLDataType.DOUBLE, schema.mCube,
                    setup.cubeSchema(), target)).limit(wanted).fetch();
        } else if (setup.mode() == SearchMode.PGVECTOR && setup.hasVector()) {
            // HNSW returns at most ef_search rows per scan; ask for as many as the candidates wanted.
            tx.select(DSL.function("set_config", String.class, DSL.val("hnsw.ef_search"),
                    DSL.val(Integer.toString(Math.min(wanted, 1000))), DSL.inline(true))).fetch();
            Field<Object> target = DSL.field(DSL.select(SearchSetup.vector(setup.vectorSchema(), query)));
            rows = scoped.get().orderBy(DSL.field("{0} OPERATOR({1}.<=>) {2}", SQLDataType.DOUBLE, schema.mVector,
                    setup.vectorSchema(), target)).limit(wanted).fetch();
            if (rows.size() < wanted) {
                // An HNSW scan stops after ef_search index entries and applies the filters to those alone, so a
                // selective filter can leave fewer rows than exist. Fewer than wanted means either that few rows pass
                // the filters, or that the scan was cut short: rank the filtered set exactly, which is cheap in the
                // first case and the only correct answer in the second.
                rows = scoped.get().fetch();
            }
        } else {
            rows = scoped.get().fetch();
        }
        List<Hit> hits = new ArrayList<>();
        for (Record2<String, byte[]> r : rows) {
            double similarity = Cosine.similarity(query, VectorCodec.decode(r.value2()));
            if (similarity >= minSimilarity) {
                hits.add(new Hit(r.value1(), similarity));
            }
        }
        hits.sort(Comparator.comparingDouble(Hit::similarity).reversed().thenComparing(Hit::id));
        return hits.size() > limit ? List.copyOf(hits.subList(0, limit)) : hits;
    }
}
