package dev.agentmemory;

/**
 * How a {@link MemoryQuery} ranks the memories that pass its filters. Chosen per query with
 * {@link MemoryQuery.Builder#kind(SearchKind)}; {@link #VECTOR} unless set. Every kind applies the scope, expiry, type,
 * importance, user and metadata filters first and ranks only the memories that pass them.
 *
 * <h2>Keyword matching</h2>
 * The text is analysed as PostgreSQL's {@code english} text search configuration analyses it (the same on every
 * provider): the default parser splits it into words, each word is lower-cased, English stop words (PostgreSQL's
 * {@code english.stop} list, 127 words such as {@code the}, {@code and}, {@code it}) are dropped but keep their
 * position, and every other word made of letters is reduced to its Snowball English (Porter2) stem, so
 * {@code connections}, {@code connected} and {@code connecting} all match {@code connect}. A word holding a digit is
 * kept as it is, lower-cased. A hyphenated word of letters gives the whole word and each part ({@code well-known}
 * gives {@code well-known}, {@code well}, {@code known}). The query text is read as PostgreSQL's
 * {@code websearch_to_tsquery} reads it: words separated by spaces must all occur; {@code or} between two words or
 * groups makes either enough; {@code -word} excludes memories holding the word; {@code "two words"} must occur next to
 * each other (a stop word inside the quotes leaves a gap of one). A query of stop words only matches nothing. A
 * provider documents the parts of PostgreSQL's parser it does not reproduce (URLs, e-mail addresses, host names, file
 * paths, version numbers and signed or decimal numbers are single tokens there).
 *
 * <h2>Scores</h2>
 * {@link ScoredMemory#similarity()} holds the score of the query's kind, best first, ties broken by memory id:
 * <ul>
 *   <li>{@link #VECTOR}: the cosine similarity in [-1, 1]; only hits at or above
 *       {@link MemoryQuery#minSimilarity()} are returned.</li>
 *   <li>{@link #KEYWORD}: PostgreSQL's {@code ts_rank} of the memory's text for the query (default weights, no length
 *       normalisation), a value in [0, 1] computed in single precision: it is not a cosine and
 *       {@link MemoryQuery#minSimilarity()} does not apply to it. Only memories that match the query are returned.</li>
 *   <li>{@link #HYBRID}: reciprocal rank fusion of the keyword ranking and the vector ranking: each memory scores
 *       {@code sum(1 / (}{@link #RRF_K}{@code  + rank))} over the rankings it appears in, with ranks counted from 1;
 *       each ranking contributes its best {@link #FUSION_CANDIDATES} (the vector ranking only its hits at or above
 *       {@link MemoryQuery#minSimilarity()}, the keyword ranking only matching memories). The score is in
 *       (0, 2 / 61]; equal scores are ordered by memory id.</li>
 * </ul>
 */
public enum SearchKind {
    /** By vector similarity of the query text's embedding (or the query vector) to each memory's vector. */
    VECTOR,
    /** By full-text match of the query text against each memory's content; the query needs text. */
    KEYWORD,
    /** Keyword and vector rankings fused by reciprocal rank fusion; the query needs text. */
    HYBRID;

    /** The constant k of reciprocal rank fusion: a memory at rank r of a ranking adds {@code 1 / (60 + r)}. */
    public static final int RRF_K = 60;

    /** How many of the best hits of each ranking (keyword and vector) a hybrid search fuses. */
    public static final int FUSION_CANDIDATES = 100;
}
