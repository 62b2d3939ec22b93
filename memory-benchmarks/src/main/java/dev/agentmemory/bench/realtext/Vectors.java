package dev.agentmemory.bench.realtext;

/** Small vector arithmetic over {@code float[]}, for the corpus and the ANN study. */
final class Vectors {

    private Vectors() {
    }

    static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** @return a copy of {@code v} scaled to length 1 (a zero vector stays zero) */
    static float[] normalised(float[] v) {
        double n = 0;
        for (float x : v) {
            n += (double) x * x;
        }
        float[] out = v.clone();
        if (n > 0) {
            float inv = (float) (1 / Math.sqrt(n));
            for (int i = 0; i < out.length; i++) {
                out[i] *= inv;
            }
        }
        return out;
    }

    /**
     * Indexes of the {@code k} largest scores, best first (a bounded min-heap, ties to the lower index).
     *
     * @param scores one score per candidate
     * @param k how many
     */
    static int[] topK(float[] scores, int k) {
        k = Math.min(k, scores.length);
        int[] heap = new int[k];
        int size = 0;
        for (int i = 0; i < scores.length; i++) {
            if (size < k) {
                heap[size] = i;
                siftUp(heap, size++, scores);
            } else if (scores[i] > scores[heap[0]]) {
                heap[0] = i;
                siftDown(heap, size, scores);
            }
        }
        int[] out = new int[size];
        for (int j = size - 1; j >= 0; j--) {
            out[j] = heap[0];
            heap[0] = heap[j];
            siftDown(heap, j, scores);
        }
        return out;
    }

    private static boolean less(float[] s, int a, int b) {
        return s[a] < s[b] || (s[a] == s[b] && a > b);
    }

    private static void siftUp(int[] h, int i, float[] s) {
        while (i > 0) {
            int p = (i - 1) / 2;
            if (!less(s, h[i], h[p])) {
                return;
            }
            int t = h[i];
            h[i] = h[p];
            h[p] = t;
            i = p;
        }
    }

    private static void siftDown(int[] h, int size, float[] s) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int m = i;
            if (l < size && less(s, h[l], h[m])) {
                m = l;
            }
            if (r < size && less(s, h[r], h[m])) {
                m = r;
            }
            if (m == i) {
                return;
            }
            int t = h[i];
            h[i] = h[m];
            h[m] = t;
            i = m;
        }
    }
}
