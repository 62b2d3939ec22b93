package dev.agentmemory.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * The best {@code k} (id, similarity) pairs offered, in a bounded binary heap whose root is the worst kept: best
 * means higher similarity, then the smaller id, the order every provider ranks by. {@link #beats} lets a caller skip
 * reading an id for a score that cannot enter. Not thread-safe: one per search.
 */
final class TopHits {

    private final int k;
    private final double[] scores;
    private final String[] ids;
    private int size;

    /** @param k how many to keep, at least 1 */
    TopHits(int k) {
        this.k = k;
        this.scores = new double[k];
        this.ids = new String[k];
    }

    /** @return whether a hit with this score may enter (ties with the worst kept are decided by id in {@link #offer}) */
    boolean beats(double score) {
        return size < k || score >= scores[0];
    }

    /**
     * Keeps the hit if it is among the best {@code k} offered so far.
     *
     * @param id the memory id
     * @param score its similarity
     */
    void offer(String id, double score) {
        if (size < k) {
            scores[size] = score;
            ids[size] = id;
            up(size++);
        } else if (worse(scores[0], ids[0], score, id)) {
            scores[0] = score;
            ids[0] = id;
            down(0);
        }
    }

    /** @return the hits kept, best first */
    List<SimilaritySearch.Hit> best() {
        List<SimilaritySearch.Hit> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(new SimilaritySearch.Hit(ids[i], scores[i]));
        }
        out.sort((a, b) -> {
            int c = Double.compare(b.similarity(), a.similarity());
            return c != 0 ? c : a.id().compareTo(b.id());
        });
        return out;
    }

    /** @return whether (s1, id1) ranks below (s2, id2) */
    private static boolean worse(double s1, String id1, double s2, String id2) {
        int c = Double.compare(s1, s2);
        return c < 0 || (c == 0 && id1.compareTo(id2) > 0);
    }

    private void up(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!worse(scores[i], ids[i], scores[parent], ids[parent])) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void down(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int worst = left;
            int right = left + 1;
            if (right < size && worse(scores[right], ids[right], scores[left], ids[left])) {
                worst = right;
            }
            if (!worse(scores[worst], ids[worst], scores[i], ids[i])) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void swap(int a, int b) {
        double s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
        String id = ids[a];
        ids[a] = ids[b];
        ids[b] = id;
    }
}
