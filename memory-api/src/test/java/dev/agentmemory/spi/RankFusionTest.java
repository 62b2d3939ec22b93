package dev.agentmemory.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentmemory.SearchKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reciprocal rank fusion as SearchKind.HYBRID defines it: k = 60, ranks from 1, the best 100 of each, ties by id. */
class RankFusionTest {

    @Test
    void scoresAreSumsOfReciprocalRanksWithK60() {
        List<RankFusion.Fused> fused = RankFusion.fuse(List.of("a", "b", "c"), List.of("c", "a", "d"), 10);
        assertEquals(List.of(new RankFusion.Fused("a", 1.0 / 61 + 1.0 / 62), new RankFusion.Fused("c", 1.0 / 63 + 1.0 / 61),
                new RankFusion.Fused("b", 1.0 / 62), new RankFusion.Fused("d", 1.0 / 63)), fused);
        assertEquals(60, SearchKind.RRF_K);
    }

    @Test
    void equalScoresAreOrderedByIdWhicheverRankingHoldsThem() {
        assertEquals(List.of("x", "y"), ids(RankFusion.fuse(List.of("y"), List.of("x"), 10)));
        assertEquals(List.of("x", "y"), ids(RankFusion.fuse(List.of("x"), List.of("y"), 10)));
    }

    @Test
    void onlyTheBestHundredOfEachRankingCountAndTheLimitCuts() {
        List<String> long1 = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            long1.add(String.format("k%03d", i));
        }
        List<RankFusion.Fused> all = RankFusion.fuse(long1, List.of(), 100);
        assertEquals(SearchKind.FUSION_CANDIDATES, all.size());
        assertEquals("k099", all.get(99).id());
        // k149 is 150th in the keyword ranking, which does not count: it scores 1/61 for its vector rank alone, as
        // k000 does for its keyword rank, and comes after it by id (counted, it would lead with 1/61 + 1/210).
        List<RankFusion.Fused> two = RankFusion.fuse(long1, List.of("k149"), 2);
        assertEquals(List.of("k000", "k149"), ids(two));
        assertEquals(1.0 / 61, two.get(1).score());
        assertThrows(IllegalArgumentException.class, () -> RankFusion.fuse(List.of(), List.of(), 0));
    }

    private static List<String> ids(List<RankFusion.Fused> fused) {
        return fused.stream().map(RankFusion.Fused::id).toList();
    }
}
