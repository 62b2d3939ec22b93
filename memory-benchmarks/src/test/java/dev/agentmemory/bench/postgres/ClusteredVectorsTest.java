package dev.agentmemory.bench.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.spi.Cosine;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The benchmark data: deterministic and clustered. */
class ClusteredVectorsTest {

    private final ClusteredVectors vectors = new ClusteredVectors(ClusteredVectors.SEED);

    @Test
    void sameSeedSameVectors() {
        ClusteredVectors again = new ClusteredVectors(ClusteredVectors.SEED);
        assertArrayEquals(vectors.memory(42), again.memory(42));
        assertArrayEquals(vectors.query(7), again.query(7));
    }

    @Test
    void vectorsAreUnitLength() {
        for (int i = 0; i < 20; i++) {
            float[] v = vectors.memory(i);
            assertEquals(ClusteredVectors.DIMENSION, v.length);
            assertEquals(1.0, Cosine.similarity(v, v), 1e-6);
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            assertEquals(1.0, norm, 1e-4);
        }
    }

    @Test
    void dataIsClustered() {
        // Among 2,000 memories, a query's best neighbour is far closer than a typical memory.
        float[] query = vectors.query(0);
        double[] sims = new double[2000];
        for (int i = 0; i < sims.length; i++) {
            sims[i] = Cosine.similarity(query, vectors.memory(i));
        }
        Arrays.sort(sims);
        double best = sims[sims.length - 1];
        double median = sims[sims.length / 2];
        assertTrue(best > 0.5, "best neighbour similarity " + best);
        assertTrue(Math.abs(median) < 0.2, "median similarity " + median);
    }
}
