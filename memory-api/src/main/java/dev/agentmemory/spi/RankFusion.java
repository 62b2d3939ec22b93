package dev.agentmemory.spi;

import dev.agentmemory.SearchKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion, as {@link SearchKind#HYBRID} defines it: the one fusion every provider uses, so that all of
 * them rank a hybrid search alike. Stateless and thread-safe.
 */
public final class RankFusion {

    /**
     * A fused hit.
     *
     * @param id the memory id
     * @param score the sum of {@code 1 / (}{@link SearchKind#RRF_K}{@code  + rank)} over the rankings holding the id
     */
    public record Fused(String id, double score) {
    }

    private RankFusion() {
    }

    /**
     * Fuses rankings: each id scores {@code 1 / (}{@link SearchKind#RRF_K}{@code  + rank)}, rank counted from 1, summed
     * over the rankings holding it; only the first {@link SearchKind#FUSION_CANDIDATES} ids of each ranking count. The
     * result is ordered by score, best first, then by id ({@link String#compareTo}).
     *
     * @param rankings the rankings, each a list of distinct ids, best first
     * @param limit the most ids returned, at least 1
     * @return the fused hits, best first
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    public static List<Fused> fuse(List<List<String>> rankings, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        for (List<String> ranking : rankings) {
            int n = Math.min(ranking.size(), SearchKind.FUSION_CANDIDATES);
            for (int i = 0; i < n; i++) {
                scores.merge(ranking.get(i), 1.0 / (SearchKind.RRF_K + i + 1), Double::sum);
            }
        }
        List<Fused> fused = new ArrayList<>(scores.size());
        scores.forEach((id, score) -> fused.add(new Fused(id, score)));
        fused.sort(Comparator.comparingDouble(Fused::score).reversed().thenComparing(Fused::id));
        return fused.size() > limit ? List.copyOf(fused.subList(0, limit)) : List.copyOf(fused);
    }
}
