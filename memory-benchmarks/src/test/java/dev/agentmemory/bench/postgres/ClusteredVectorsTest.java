package dev.agentmemory.bench.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.spi.Cosine;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The benchmark data and the baseline's projection: deterministic, clustered, and the provider's own. */
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

    @Test
    void projectionIsTheProvidersOwn() throws Exception {
        Class<?> type = Class.forName("dev.agentmemory.postgres.RandomProjection");
        Constructor<?> constructor = type.getDeclaredConstructor(long.class, int.class, int.class);
        constructor.setAccessible(true);
        Object provider = constructor.newInstance(1234L, ClusteredVectors.DIMENSION, 48);
        Method project = type.getDeclaredMethod("project", float[].class);
        project.setAccessible(true);
        float[] v = vectors.memory(5);
        assertArrayEquals((Double[]) project.invoke(provider, v),
                new CubeProjection(1234L, ClusteredVectors.DIMENSION, 48).project(v));
    }
}
