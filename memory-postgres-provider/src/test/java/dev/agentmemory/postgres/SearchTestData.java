package dev.agentmemory.postgres;

import dev.agentmemory.NewMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test vectors: uniform random, and clustered (which resemble real embeddings). */
final class SearchTestData {

    private SearchTestData() {
    }

    static float[] random(Random random, int dimension) {
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** @return {@code count} vectors around {@code clusters} random centres, with noise of the given spread */
    static List<float[]> clustered(Random random, int count, int clusters, int dimension, double spread) {
        List<float[]> centres = new ArrayList<>();
        for (int c = 0; c < clusters; c++) {
            centres.add(random(random, dimension));
        }
        List<float[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(near(random, centres.get(random.nextInt(clusters)), spread));
        }
        return out;
    }

    static float[] near(Random random, float[] centre, double spread) {
        float[] v = new float[centre.length];
        for (int d = 0; d < v.length; d++) {
            v[d] = (float) (centre[d] + random.nextGaussian() * spread);
        }
        return v;
    }

    static List<NewMemory> memories(String prefix, List<float[]> vectors) {
        List<NewMemory> out = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            out.add(NewMemory.builder("memory " + prefix + i).id(prefix + i).embedding(vectors.get(i)).build());
        }
        return out;
    }
}
