package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentmemory.postgres.internal.EncodedCosine;
import dev.agentmemory.postgres.internal.VectorCodec;
import dev.agentmemory.spi.Cosine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scoring pieces of every search, without a server: scores read from the stored bytes are bit for bit those of
 * {@link Cosine}, and the bounded heap keeps exactly what a full sort (similarity descending, then id) keeps, ties
 * included.
 */
class TopHitsTest {

    private static final Comparator<SimilaritySearch.Hit> BEST_FIRST =
            Comparator.comparingDouble(SimilaritySearch.Hit::similarity).reversed().thenComparing(SimilaritySearch.Hit::id);

    @Test
    void scoresFromBytesAreThoseOfCosine() {
        Random random = new Random(1);
        for (int dim : new int[] {8, 384, 1000}) {
            float[] query = SearchTestData.random(random, dim);
            EncodedCosine cosine = new EncodedCosine(query);
            for (int i = 0; i < 200; i++) {
                float[] v = SearchTestData.random(random, dim);
                assertEquals(Cosine.similarity(query, v), cosine.similarity(VectorCodec.encode(v)));
                // The vector cache's form: decoded, with its squared norm computed once.
                assertEquals(Cosine.similarity(query, v), cosine.similarity(v, EncodedCosine.squaredNorm(v)));
            }
            assertEquals(0.0, cosine.similarity(VectorCodec.encode(new float[dim])));
            assertEquals(0.0, cosine.similarity(new float[dim], 0.0));
            assertEquals(Cosine.similarity(query, query), cosine.similarity(VectorCodec.encode(query)));
        }
    }

    @Test
    void theHeapKeepsWhatAFullSortKeepsTiesIncluded() {
        Random random = new Random(2);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(300);
            int k = 1 + random.nextInt(120);
            List<SimilaritySearch.Hit> all = new ArrayList<>();
            TopHits top = new TopHits(k);
            for (int i = 0; i < n; i++) {
                // Few distinct scores, so that many hits tie, also at the cut.
                double score = random.nextInt(7) / 7.0 - (random.nextBoolean() ? 0.0 : 0.5);
                String id = "m" + random.nextInt(n * 2);
                if (all.stream().anyMatch(h -> h.id().equals(id))) {
                    continue;
                }
                all.add(new SimilaritySearch.Hit(id, score));
                if (top.beats(score)) {
                    top.offer(id, score);
                }
            }
            List<SimilaritySearch.Hit> expected = all.stream().sorted(BEST_FIRST).limit(k).toList();
            assertEquals(expected, top.best(), "n=" + n + ", k=" + k);
        }
    }
}
