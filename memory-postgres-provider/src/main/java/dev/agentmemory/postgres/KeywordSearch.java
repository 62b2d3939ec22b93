package dev.agentmemory.postgres;

import dev.agentmemory.MemoryQuery;
import dev.agentmemory.Scope;
import dev.agentmemory.SearchKind;
import dev.agentmemory.spi.RankFusion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Keyword and hybrid search ({@link SearchKind#KEYWORD}, {@link SearchKind#HYBRID}) with PostgreSQL's full-text
 * search: the memories that pass the filters and whose {@code content_tsv} (the content as {@code to_tsvector} of the
 * {@code english} configuration reads it, kept with the row by migration V5) matches
 * {@code websearch_to_tsquery('english', text)}, ranked by {@code ts_rank} (default weights, no normalisation), ties
 * by id; a hybrid search fuses that ranking with {@link SimilaritySearch}'s by {@link RankFusion}. The filters are in
 * the {@code WHERE} clause of the keyword query and of the vector one, so both rank only memories that pass them.
 * Stateless and thread-safe.
 */
final class KeywordSearch {

    /** The text search configuration, named with its schema so that the search_path cannot change it. */
    static final String CONFIGURATION = "pg_catalog.english";

    private static final Comparator<SimilaritySearch.Hit> BEST_FIRST = Comparator
            .comparingDouble(SimilaritySearch.Hit::similarity).reversed().thenComparing(SimilaritySearch.Hit::id);

    private KeywordSearch() {
    }

    /**
     * Ranks the filtered memories for a keyword or hybrid query.
     *
     * @param tx a context inside a transaction
     * @param schema the schema
     * @param setup the vector search mode, for the vector ranking of a hybrid search
     * @param vectors the store's cache of stored vectors, for that ranking
     * @param scope the scope
     * @param filters scope and filters, applied before any ranking
     * @param narrowed whether {@code filters} has more than scope and expiry
     * @param query the query, of kind KEYWORD or HYBRID (so it has text)
     * @param vector the query text's embedding, for a hybrid search (unused by a keyword one)
     * @param candidates how many candidates a vector index prefilter reads
     * @return the hits, best first, each with its score (ts_rank, or the fused score)
     */
    static List<SimilaritySearch.Hit> rank(DSLContext tx, MemorySchema schema, SearchSetup setup,
                                           VectorCache vectors, Scope scope, Condition filters, boolean narrowed, MemoryQuery query, float[] vector,
                                           int candidates) {
        String text = query.text();
        if (query.kind() == SearchKind.KEYWORD) {
            return keywordRanking(tx, schema, filters, text, query.limit());
        }
        List<String> keyword = ids(keywordRanking(tx, schema, filters, text, SearchKind.FUSION_CANDIDATES));
        List<String> similar = ids(SimilaritySearch.rank(tx, schema, setup, vectors, scope, filters, narrowed, vector,
                SearchKind.FUSION_CANDIDATES, candidates, query.minSimilarity()));
        List<SimilaritySearch.Hit> hits = new ArrayList<>();
        for (RankFusion.Fused f : RankFusion.fuse(keyword, similar, query.limit())) {
            hits.add(new SimilaritySearch.Hit(f.id(), f.score()));
        }
        return hits;
    }

    /** The matching memories by ts_rank, best {@code limit} first. */
    static List<SimilaritySearch.Hit> keywordRanking(DSLContext tx, MemorySchema schema, Condition filters,
                                                     String text, int limit) {
        Field<Object> tsquery = DSL.field("websearch_to_tsquery({0}::regconfig, {1})", Object.class,
                DSL.inline(CONFIGURATION), DSL.val(text));
        Field<Float> rank = DSL.field("ts_rank({0}, {1})", SQLDataType.REAL, schema.mContentTsv, tsquery);
        // Ties by id in byte order ("C"), which is String.compareTo's order for the ASCII of memory ids, so that the
        // limit cuts where the Java sort below (and mem:) would.
        List<Record2<String, Float>> rows = tx.select(schema.mId, rank)
                .from(schema.memories)
                .where(filters.and(DSL.condition("{0} @@ {1}", schema.mContentTsv, tsquery)))
                .orderBy(rank.desc(), schema.mId.collate(DSL.collation(DSL.quotedName("C"))))
                .limit(limit)
                .fetch();
        List<SimilaritySearch.Hit> hits = new ArrayList<>(rows.size());
        for (Record2<String, Float> r : rows) {
            hits.add(new SimilaritySearch.Hit(r.value1(), r.value2()));
        }
        hits.sort(BEST_FIRST);
        return hits;
    }

    private static List<String> ids(List<SimilaritySearch.Hit> hits) {
        return hits.stream().map(SimilaritySearch.Hit::id).toList();
    }
}
