package dev.agentmemory.tck;

import static dev.agentmemory.tck.RejectedBeforeIo.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Embedder;
import dev.agentmemory.Filter;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryType;
import dev.agentmemory.Metadata;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.SearchKind;
import dev.agentmemory.tck.StoreFixture.Capability;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keyword and hybrid search ({@link SearchKind}): keyword search finds the exact (stemmed) words a vector search
 * misses, follows {@code websearch_to_tsquery} syntax (all words, {@code or}, {@code -word}, stop words dropped),
 * scores PostgreSQL's {@code ts_rank}; hybrid search ranks by reciprocal rank fusion, so a memory good in both
 * rankings comes first; filters apply before ranking in every kind; no kind crosses a scope; a keyword or hybrid
 * query without text is rejected before any I/O. Expected ids and scores are written out in the tests.
 *
 * <p>Stores are opened with an embedder that maps every text to the unit vector of axis 0, and memories are stored
 * with their own vectors, so that the vector ranking of each test is known exactly.
 *
 * <p>Skipped as a whole, with a reason, when the fixture lacks {@link Capability#LONG_TERM}.
 */
@RequiresCapability(Capability.LONG_TERM)
public abstract class KeywordSearchTck extends TckBase {

    /** ts_rank of a one-word query against a text holding the word once: 0.1 / 1.64493406685 in float. */
    static final double RANK_ONE_OCCURRENCE = 0.1f / 1.64493406685;
    /** ts_rank of a one-word query against a text holding the word twice: (0.1 + 0.1 / 4) / 1.64493406685. */
    static final double RANK_TWO_OCCURRENCES = (0.1f + 0.1f / 4) / 1.64493406685;

    /** Run through {@link ProviderTck}, which extends every suite once; a provider extends that class. */
    KeywordSearchTck() {
    }

    @BeforeEach
    final void requireLongTerm() {
        assumeCapability(Capability.LONG_TERM);
    }

    /** Every text embeds to axis 0, so a text query's vector is known. */
    private static final Embedder AXIS_0 = new Embedder() {
        @Override
        public int dimension() {
            return LongTermMemoryTck.DIMENSION;
        }

        @Override
        public float[] embed(String text) {
            return LongTermMemoryTck.axis(0);
        }

        @Override
        public String toString() {
            return "an embedder that maps every text to axis 0";
        }
    };

    private LongTermMemory open() {
        return openLongTerm(AXIS_0).store();
    }

    private static NewMemory m(String id, String content, double cosineWithQuery) {
        return NewMemory.builder(content).id(id).embedding(LongTermMemoryTck.towardsAxis0(cosineWithQuery)).build();
    }

    private static MemoryQuery.Builder keyword(String text) {
        return MemoryQuery.text(text).kind(SearchKind.KEYWORD).limit(100);
    }

    private static List<String> ids(List<ScoredMemory> hits) {
        return hits.stream().map(h -> h.memory().id()).toList();
    }

    /** The memories of the keyword tests: the vector ranking favours the ones without the words. */
    private static List<NewMemory> airships() {
        return List.of(
                m("zeppelin", "Zeppelins were rigid airships; a zeppelin carried passengers.", 0.0),
                m("airship", "The airship landed in the harbour.", 0.1),
                m("boat", "Boats float in the harbour.", 0.9),
                m("train", "Trains and boats carry passengers.", 0.95),
                m("stop", "The and of it is.", 0.99));
    }

    /**
     * Keyword search finds the memories holding the query's words, in any inflection (zeppelins, airships), whatever
     * their vectors; a vector search with the same text and a minimum similarity of 0.5 does not return them.
     */
    @Test
    final void keywordFindsExactWordMatchesTheVectorMisses() {
        LongTermMemory store = open();
        Scope scope = newScope();
        store.storeAll(scope, airships());

        assertEquals(List.of("zeppelin"), ids(store.search(scope, keyword("zeppelin").build())));
        assertEquals(List.of("zeppelin"), ids(store.search(scope, keyword("Zeppelins AIRSHIP").build())),
                "every word must occur, in any case and inflection");
        assertEquals(List.of("boat", "train"), ids(store.search(scope, keyword("boats").build())));
        List<String> vector = ids(store.search(scope, MemoryQuery.text("zeppelin").minSimilarity(0.5).limit(100).build()));
        assertEquals(List.of("stop", "train", "boat"), vector, "the vector search ranks by vector alone");
        assertFalse(vector.contains("zeppelin"));
    }

    /**
     * The query syntax of {@code websearch_to_tsquery}: words separated by spaces must all occur, {@code or} between
     * two makes either enough, {@code -word} excludes, stop words are dropped, and a query of stop words only matches
     * nothing.
     */
    @Test
    final void keywordQueriesFollowWebSearchSyntax() {
        LongTermMemory store = open();
        Scope scope = newScope();
        store.storeAll(scope, airships());

        assertEquals(List.of(), ids(store.search(scope, keyword("zeppelin train").build())), "both words must occur");
        assertEquals(List.of("train", "zeppelin"), sorted(store.search(scope, keyword("zeppelin or train").build())));
        assertEquals(List.of("airship"), ids(store.search(scope, keyword("airship -zeppelin").build())));
        assertEquals(List.of("boat"), ids(store.search(scope, keyword("harbour -airship boats").build())));
        assertEquals(List.of("zeppelin"), ids(store.search(scope, keyword("the zeppelin of it").build())),
                "stop words are dropped from the query");
        assertEquals(List.of(), ids(store.search(scope, keyword("the and of it is").build())),
                "a query of stop words only matches nothing, not the memory of stop words");
    }

    /**
     * A keyword score is PostgreSQL's {@code ts_rank} (default weights, no normalisation), not a cosine: for a
     * one-word query, 0.1 / 1.64493406685 for one occurrence and (0.1 + 0.1 / 4) / 1.64493406685 for two; the
     * minimum similarity does not apply to it. Ties are ordered by id.
     */
    @Test
    final void keywordScoresAreTsRankAndIgnoreMinSimilarity() {
        LongTermMemory store = open();
        Scope scope = newScope();
        store.storeAll(scope, airships());

        List<ScoredMemory> hits = store.search(scope, keyword("passengers").minSimilarity(0.9).build());
        assertEquals(List.of("train", "zeppelin"), ids(hits), "equal ranks are ordered by id");
        assertEquals(RANK_ONE_OCCURRENCE, hits.get(0).similarity(), 1e-6);
        assertEquals(RANK_ONE_OCCURRENCE, hits.get(1).similarity(), 1e-6);

        hits = store.search(scope, keyword("zeppelin").build());
        assertEquals(RANK_TWO_OCCURRENCES, hits.get(0).similarity(), 1e-6, "two occurrences");
    }

    /**
     * Hybrid search fuses the keyword and the vector rankings by reciprocal rank fusion with k = 60: the memory
     * second in both rankings scores 2 / 62 and comes before the first of each ranking alone.
     */
    @Test
    final void hybridRanksAMemoryGoodInBothFirst() {
        LongTermMemory store = open();
        Scope scope = newScope();
        // Keyword ranking for "lighthouse": kw (twice), both (once). Vector ranking: vec, both, f1, f2, f3, kw.
        store.storeAll(scope, List.of(
                m("kw", "Lighthouse keepers kept the lighthouse lit.", 0.1),
                m("both", "A lighthouse on the coast.", 0.8),
                m("vec", "Coastal beacons guide ships at night.", 0.95),
                m("f1", "Harbour cranes unload ships.", 0.5),
                m("f2", "Fishing boats leave at dawn.", 0.4),
                m("f3", "Gulls follow the boats.", 0.3)));

        List<ScoredMemory> hits = store.search(scope, MemoryQuery.text("lighthouse").kind(SearchKind.HYBRID)
                .minSimilarity(-1).limit(10).build());

        assertEquals(List.of("both", "kw", "vec", "f1", "f2", "f3"), ids(hits));
        double[] expected = {2.0 / 62, 1.0 / 61 + 1.0 / 66, 1.0 / 61, 1.0 / 63, 1.0 / 64, 1.0 / 65};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], hits.get(i).similarity(), 1e-12, "fused score of " + ids(hits).get(i));
        }
        assertEquals(List.of("both", "kw", "vec"), ids(store.search(scope, MemoryQuery.text("lighthouse")
                .kind(SearchKind.HYBRID).minSimilarity(0.6).limit(10).build())).subList(0, 3),
                "minSimilarity cuts the vector ranking only: kw stays through its keyword rank");
        assertEquals(List.of("both", "kw"), ids(store.search(scope, MemoryQuery.text("lighthouse")
                .kind(SearchKind.HYBRID).minSimilarity(0.6).limit(2).build())));
    }

    /** Filters (metadata, type, importance, user) apply before ranking in keyword and hybrid searches. */
    @Test
    final void filtersApplyBeforeRankingInEveryKind() {
        LongTermMemory store = open();
        Scope scope = newScope();
        List<NewMemory> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // The word "comet" occurs 30 - i times in early memories: those rank first without a filter.
            String text = "comet ".repeat(Math.max(1, 30 - i)) + "seen";
            batch.add(NewMemory.builder(text).id(String.format("c%02d", i)).embedding(LongTermMemoryTck.towardsAxis0(0.9 - i * 0.01))
                    .metadata(Metadata.of("keep", i >= 25)).importance(i >= 25 ? 0.9 : 0.1)
                    .type(i >= 25 ? MemoryType.EPISODIC : MemoryType.SEMANTIC).userId(i >= 25 ? "u1" : "u2").build());
        }
        store.storeAll(scope, batch);
        List<String> kept = List.of("c25", "c26", "c27", "c28", "c29");

        for (SearchKind kind : List.of(SearchKind.KEYWORD, SearchKind.HYBRID)) {
            MemoryQuery.Builder q = MemoryQuery.text("comet").kind(kind).minSimilarity(-1).limit(5);
            assertEquals(kept, ids(store.search(scope, q.filter(Filter.eq("keep", true)).build())), kind + " metadata");
            assertEquals(kept, ids(store.search(scope, q.filter(Filter.all()).minImportance(0.5).build())),
                    kind + " importance");
            assertEquals(kept, ids(store.search(scope, q.minImportance(0).types(MemoryType.EPISODIC).build())),
                    kind + " type");
            assertEquals(kept, ids(store.search(scope, MemoryQuery.text("comet").kind(kind).minSimilarity(-1).limit(5)
                    .userId("u1").build())), kind + " user");
        }
    }

    /** A keyword or hybrid search in a scope never returns another tenant's or agent's memories. */
    @Test
    final void keywordAndHybridSearchStayInTheirScope() {
        LongTermMemory store = open();
        Scope home = newScope();
        store.storeAll(home, airships());
        Scope otherAgent = new Scope(home.tenant(), Ids.unique("agent"));
        Scope otherTenant = new Scope(Ids.unique("tenant"), home.agent());
        track(otherAgent);
        track(otherTenant);
        store.store(otherAgent, m("elsewhere", "A zeppelin elsewhere.", 0.9));
        for (Scope other : List.of(otherTenant)) {
            for (SearchKind kind : List.of(SearchKind.KEYWORD, SearchKind.HYBRID)) {
                assertEquals(List.of(), store.search(other, MemoryQuery.text("zeppelin").kind(kind).minSimilarity(-1)
                        .build()), kind + " in " + other);
            }
        }
        for (SearchKind kind : List.of(SearchKind.KEYWORD, SearchKind.HYBRID)) {
            List<String> found = ids(store.search(home, MemoryQuery.text("zeppelin").kind(kind).minSimilarity(-1)
                    .build()));
            assertFalse(found.contains("elsewhere"), kind + " in " + home + ": " + found);
            assertTrue(found.contains("zeppelin"), kind + " in " + home + ": " + found);
            assertEquals(List.of("elsewhere"), ids(store.search(otherAgent, MemoryQuery.text("zeppelin").kind(kind)
                    .minSimilarity(-1).build())), kind + " in " + otherAgent);
        }
    }

    /** A keyword or hybrid query by vector (no text) is rejected with InvalidMemoryRequestException before any I/O. */
    @Test
    final void aKeywordOrHybridQueryWithoutTextIsRejectedBeforeIo() {
        Opened<LongTermMemory> opened = openLongTerm(AXIS_0);
        Scope scope = newScope();
        for (SearchKind kind : List.of(SearchKind.KEYWORD, SearchKind.HYBRID)) {
            String message = assertRejected(opened, kind + " by vector", () -> opened.store().search(scope,
                    MemoryQuery.vector(LongTermMemoryTck.axis(0)).kind(kind).build())).getMessage();
            assertTrue(message.contains("needs query text"), message);
        }
        assertRejected(opened, "kind null", () -> opened.store().search(scope,
                MemoryQuery.text("x").kind(null).build()));
    }

    private static List<String> sorted(List<ScoredMemory> hits) {
        return ids(hits).stream().sorted().toList();
    }
}
