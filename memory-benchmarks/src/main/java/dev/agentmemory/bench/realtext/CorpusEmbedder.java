package dev.agentmemory.bench.realtext;

import dev.agentmemory.Embedder;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An {@link Embedder} that answers from the real-text corpus's cached MiniLM vectors, documents and queries alike,
 * so that no model runs while the benchmark loads and searches: what is timed is the store. A text the corpus does
 * not hold is refused rather than embedded some other way. Immutable and thread-safe.
 */
final class CorpusEmbedder implements Embedder {

    private final RealTextCorpus corpus;
    private final Map<String, float[]> vectors;
    private final int dimension;

    CorpusEmbedder(RealTextCorpus corpus) {
        this(corpus, UnaryOperator.identity());
    }

    private CorpusEmbedder(RealTextCorpus corpus, UnaryOperator<String> queryText) {
        this.corpus = corpus;
        Map<String, float[]> map = new HashMap<>();
        for (int i = 0; i < corpus.size(); i++) {
            map.put(corpus.pages().get(i).document(), corpus.documents()[i]);
        }
        for (int q = 0; q < corpus.queries().length; q++) {
            String query = corpus.pages().get(corpus.queries()[q]).query();
            map.put(query, corpus.queryVectors()[q]);
            map.putIfAbsent(queryText.apply(query), corpus.queryVectors()[q]);
        }
        this.vectors = Map.copyOf(map);
        this.dimension = corpus.dimension();
    }

    /**
     * This corpus's vectors, and for each query also its text changed by {@code queryText} answered with the query's
     * own vector: a hybrid search embeds the text it is given, so this is how its vector half keeps the plain
     * summary's vector while its keyword half gets the changed text.
     */
    CorpusEmbedder withQueryText(UnaryOperator<String> queryText) {
        return new CorpusEmbedder(corpus, queryText);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] embed(String text) {
        float[] v = vectors.get(text);
        if (v == null) {
            throw new IllegalArgumentException("not a text of the real-text corpus (" + text.length()
                    + " chars): the benchmark embeds nothing at run time");
        }
        return v.clone();
    }
}
