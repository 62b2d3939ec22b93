package dev.agentmemory.spi;

import dev.agentmemory.InvalidMemoryRequestException;
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
        /**
         * Checks that the id is given.
         *
         * @param id the memory id
         * @param score the fused score
         * @throws InvalidMemoryRequestException if {@code id} is null
         */
        public Fused {
            notNull("id", id);
        }
    }

    private RankFusion() {
    }

    /**
     * Fuses a keyword and a vector ranking: each id scores {@code 1 / (}{@link SearchKind#RRF_K}{@code  + rank)}, rank counted from 1, summed
     * over the rankings holding it; only the first {@link SearchKind#FUSION_CANDIDATES} ids of each ranking count. The
     * result is ordered by score, best first, then by id ({@link String#compareTo}).
     *
     * @param keyword the keyword ranking: distinct ids, best first
     * @param vector the vector ranking: distinct ids, best first
     * @param limit the most ids returned, at least 1
     * @return the fused hits, best first
     * @throws IllegalArgumentException if {@code limit} is less than 1
     * @throws InvalidMemoryRequestException if a ranking or an id in it is null
     */
    public static List<Fused> fuse(List<String> keyword, List<String> vector, int limit) {
        notNull("keyword", keyword);
        notNull("vector", vector);
        List<List<String>> rankings = List.of(keyword, vector);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        for (List<String> ranking : rankings) {
            int n = Math.min(ranking.size(), SearchKind.FUSION_CANDIDATES);
            for (int i = 0; i < n; i++) {
                // Added in the order keyword, vector: every provider sums the same two terms the same way.
                scores.merge(notNull("id", ranking.get(i)), 1.0 / (SearchKind.RRF_K + i + 1), Double::sum);
            }
        }
        List<Fused> fused = new ArrayList<>(scores.size());
        scores.forEach((id, score) -> fused.add(new Fused(id, score)));
        fused.sort(Comparator.comparingDouble(Fused::score).reversed().thenComparing(Fused::id));
        return fused.size() > limit ? List.copyOf(fused.subList(0, limit)) : List.copyOf(fused);
    }

    private static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new InvalidMemoryRequestException("client-side validation", "fuse", name + " must not be null");
        }
        return value;
    }
}
