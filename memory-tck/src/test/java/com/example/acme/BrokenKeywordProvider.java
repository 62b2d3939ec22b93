package com.example.acme;

import dev.agentmemory.Embedder;
import dev.agentmemory.Filter;
import dev.agentmemory.Health;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Option;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.SearchKind;
import dev.agentmemory.Vector;
import dev.agentmemory.spi.Cosine;
import dev.agentmemory.spi.MemoryProvider;
import dev.agentmemory.spi.RankFusion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A long-term store with keyword and hybrid search good enough for the words of the TCK's keyword suite (a crude
 * stemmer that drops a final "s", a few stop words, words, {@code or} and {@code -word}, ts_rank of one-word
 * queries), with one defect chosen by the option {@code acme.keyword-defect} ({@link KeywordDefect#NONE} for none):
 * the TCK's own tests run the keyword suite against it to prove that the suite notices each defect, and that it
 * passes without one.
 */
public final class BrokenKeywordProvider implements MemoryProvider {

    /** The defects. */
    enum KeywordDefect {
        /** A correct store (for the suite's words). */
        NONE,
        /** A keyword search ranks by vector, as if the kind were ignored. */
        KEYWORD_AS_VECTOR,
        /** A hybrid search ranks by vector alone: no fusion. */
        HYBRID_AS_VECTOR,
        /** Keyword and hybrid searches rank the whole scope, keep the best k, then filter them. */
        FILTER_AFTER_RANKING,
        /** Keyword and hybrid searches read every scope of the agent's name. */
        ACROSS_SCOPES,
        /** Stop words are kept, in the memories and in the query. */
        STOP_WORDS_KEPT,
        /** A keyword score is the number of occurrences, not ts_rank. */
        SCORE_IS_A_COUNT
    }

    static final Option<KeywordDefect> DEFECT = Option.enumeration("acme.keyword-defect", KeywordDefect.class,
            KeywordDefect.NONE, "Which defect the store's keyword search has.");

    private static final Set<String> STOP_WORDS = Set.of("the", "and", "of", "it", "is", "a", "on", "in", "at", "were");

    /** Called by ServiceLoader. */
    public BrokenKeywordProvider() {
    }

    @Override
    public String name() {
        return "acme-keyword";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("acme-keyword");
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.LONG_TERM);
    }

    @Override
    public List<Option<?>> options() {
        return List.of(DEFECT);
    }

    @Override
    public LongTermMemory openLongTerm(String uri, MemoryOptions options, Embedder embedder) {
        return new Store(options.get(DEFECT), embedder);
    }

    private record Stored(Scope scope, Memory memory, float[] vector, List<String> words) {
    }

    private static final Comparator<ScoredMemory> BEST = Comparator.comparingDouble(ScoredMemory::similarity)
            .reversed().thenComparing(h -> h.memory().id());

    /** An exact in-memory store; the validating layer of MemoryStores checks its arguments and closed state. */
    private static final class Store implements LongTermMemory {
        private final KeywordDefect defect;
        private final Embedder embedder;
        private final Map<String, Stored> memories = new ConcurrentHashMap<>();

        Store(KeywordDefect defect, Embedder embedder) {
            this.defect = defect;
            this.embedder = embedder;
        }

        private static String key(Scope scope, String id) {
            return scope.tenant() + "/" + scope.agent() + "/" + id;
        }

        /** Words of a text: lower-cased, a final "s" dropped, stop words null (they keep their position). */
        private List<String> words(String text) {
            List<String> words = new ArrayList<>();
            for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{Nd}]+")) {
                if (w.isEmpty()) {
                    continue;
                }
                boolean stop = STOP_WORDS.contains(w) && defect != KeywordDefect.STOP_WORDS_KEPT;
                words.add(stop ? null : w.endsWith("s") ? w.substring(0, w.length() - 1) : w);
            }
            return words;
        }

        @Override
        public synchronized Memory store(Scope scope, NewMemory m) {
            Vector given = m.embedding();
            float[] vector = given != null ? given.toArray() : embedder.embed(m.content());
            Memory memory = Memory.builder(m).createdAt(Instant.now()).build();
            memories.put(key(scope, m.id()), new Stored(scope, memory, vector, words(m.content())));
            return memory;
        }

        @Override
        public synchronized Optional<Memory> get(Scope scope, String memoryId) {
            Stored s = memories.get(key(scope, memoryId));
            return s == null ? Optional.empty() : Optional.of(s.memory());
        }

        @Override
        public synchronized List<Memory> list(Scope scope, Filter filter, int limit) {
            return inScope(scope, false).stream().map(Stored::memory).filter(m -> filter.test(m.metadata()))
                    .sorted(Comparator.comparing(Memory::id)).limit(limit).toList();
        }

        @Override
        public synchronized long count(Scope scope, Filter filter) {
            return inScope(scope, false).stream().filter(s -> filter.test(s.memory().metadata())).count();
        }

        @Override
        public synchronized long deleteAll(Scope scope, Filter filter) {
            int before = memories.size();
            memories.values().removeIf(s -> s.scope().equals(scope) && filter.test(s.memory().metadata()));
            return before - memories.size();
        }

        private List<Stored> inScope(Scope scope, boolean keyword) {
            return memories.values().stream().filter(s -> s.scope().equals(scope)
                    || (keyword && defect == KeywordDefect.ACROSS_SCOPES && s.scope().agent().equals(scope.agent())))
                    .toList();
        }

        @Override
        public synchronized List<ScoredMemory> search(Scope scope, MemoryQuery query) {
            SearchKind kind = query.kind();
            boolean textual = kind != SearchKind.VECTOR;
            Predicate<Stored> filters = s -> query.acceptsType(s.memory().type())
                    && s.memory().importance() >= query.minImportance()
                    && (query.userId() == null || query.userId().equals(s.memory().userId()))
                    && query.filter().test(s.memory().metadata());
            boolean late = textual && defect == KeywordDefect.FILTER_AFTER_RANKING;
            List<Stored> candidates = inScope(scope, textual).stream().filter(s -> late || filters.test(s)).toList();
            int wanted = late ? query.limit() : SearchKind.FUSION_CANDIDATES;
            List<ScoredMemory> hits;
            if (kind == SearchKind.VECTOR || (kind == SearchKind.KEYWORD && defect == KeywordDefect.KEYWORD_AS_VECTOR)
                    || (kind == SearchKind.HYBRID && defect == KeywordDefect.HYBRID_AS_VECTOR)) {
                hits = vector(candidates, query, query.limit());
            } else if (kind == SearchKind.KEYWORD) {
                hits = keyword(candidates, query.text(), query.limit());
            } else {
                Map<String, Memory> byId = new HashMap<>();
                candidates.forEach(s -> byId.put(s.memory().id(), s.memory()));
                List<String> k = keyword(candidates, query.text(), wanted).stream().map(h -> h.memory().id()).toList();
                List<String> v = vector(candidates, query, wanted).stream().map(h -> h.memory().id()).toList();
                hits = RankFusion.fuse(k, v, query.limit()).stream()
                        .map(f -> new ScoredMemory(byId.get(f.id()), f.score())).toList();
            }
            if (late) {
                hits = hits.stream().filter(h -> filters.test(memories.get(key(scope, h.memory().id())))).toList();
            }
            return hits;
        }

        private List<ScoredMemory> vector(List<Stored> candidates, MemoryQuery query, int limit) {
            float[] q = query.vector() != null ? query.vector().toArray() : embedder.embed(query.text());
            return candidates.stream().map(s -> new ScoredMemory(s.memory(), Cosine.similarity(q, s.vector())))
                    .filter(h -> h.similarity() >= query.minSimilarity()).sorted(BEST).limit(limit).toList();
        }

        /** Words (all must occur), "or" between groups, "-word" excluded; ts_rank's calc_rank_or for the score. */
        private List<ScoredMemory> keyword(List<Stored> candidates, String text, int limit) {
            List<List<String>> groups = new ArrayList<>();
            List<String> excluded = new ArrayList<>();
            List<String> current = new ArrayList<>();
            for (String chunk : text.trim().split("\\s+")) {
                if (chunk.equalsIgnoreCase("or")) {
                    groups.add(current);
                    current = new ArrayList<>();
                } else if (chunk.startsWith("-")) {
                    excluded.addAll(words(chunk.substring(1)).stream().filter(w -> w != null).toList());
                } else {
                    current.addAll(words(chunk).stream().filter(w -> w != null).toList());
                }
            }
            groups.add(current);
            groups.removeIf(List::isEmpty);
            if (groups.isEmpty()) {
                return List.of();
            }
            List<String> operands = new ArrayList<>(groups.stream().flatMap(List::stream).distinct().toList());
            operands.addAll(excluded);
            List<ScoredMemory> hits = new ArrayList<>();
            for (Stored s : candidates) {
                boolean matches = groups.stream().anyMatch(g -> s.words().containsAll(g))
                        && excluded.stream().noneMatch(s.words()::contains);
                if (matches) {
                    hits.add(new ScoredMemory(s.memory(), score(operands, s.words())));
                }
            }
            return hits.stream().sorted(BEST).limit(limit).toList();
        }

        private double score(List<String> operands, List<String> words) {
            float res = 0f;
            for (String operand : operands) {
                long n = words.stream().filter(operand::equals).count();
                if (n == 0) {
                    continue;
                }
                if (defect == KeywordDefect.SCORE_IS_A_COUNT) {
                    res += n;
                    continue;
                }
                float resj = 0f;
                for (int j = 0; j < n; j++) {
                    resj += 0.1f / ((j + 1) * (j + 1));
                }
                res = (float) (res + resj / 1.64493406685);
            }
            return res / operands.size();
        }

        @Override
        public synchronized boolean updateImportance(Scope scope, String memoryId, double importance) {
            Stored s = memories.get(key(scope, memoryId));
            if (s == null) {
                return false;
            }
            memories.put(key(scope, memoryId), new Stored(scope, s.memory().withImportance(importance), s.vector(),
                    s.words()));
            return true;
        }

        @Override
        public synchronized boolean delete(Scope scope, String memoryId) {
            return memories.remove(key(scope, memoryId)) != null;
        }

        @Override
        public int dimension() {
            return embedder.dimension();
        }

        @Override
        public Health health() {
            return Health.up("acme-keyword", null);
        }

        @Override
        public void close() {
            memories.clear();
        }
    }
}
