package com.example.acme;

import dev.agentmemory.Embedder;
import dev.agentmemory.Filter;
import dev.agentmemory.Health;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.Metadata;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Option;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.Vector;
import dev.agentmemory.spi.Cosine;
import dev.agentmemory.spi.MemoryProvider;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A long-term store that translates a {@link Filter} into its own predicate, as a backend translates it into its query
 * language, with one defect chosen by the option {@code acme.filter-defect} ({@link FilterDefect#NONE} for none): the
 * TCK's own tests run the filter suite against it to prove that the suite notices each defect, and that it passes
 * without one.
 */
public final class BrokenFilterProvider implements MemoryProvider {

    /** The defects. */
    enum FilterDefect {
        /** A correct store. */
        NONE,
        /** A negation of a condition on a missing key is false, as SQL's NOT of NULL. */
        NOT_FALSE_FOR_A_MISSING_KEY,
        /** Numbers are compared as their decimal text. */
        NUMBERS_AS_TEXT,
        /** Numbers are compared as doubles: Long 9007199254740993 equals Double 9007199254740992.0. */
        NUMBERS_AS_DOUBLES,
        /** Strings are compared by UTF-16 unit ({@link String#compareTo}), not by code point. */
        STRINGS_BY_UTF16_UNIT,
        /** Search takes the query's k best of the whole scope, then filters them. */
        FILTER_AFTER_RANKING,
        /** deleteAll by a filter deletes the matching memories of every scope. */
        DELETE_ACROSS_SCOPES,
        /** Metadata come back as JSON without types would give them: -0.0 as 0.0, a whole Long as an Integer. */
        TYPES_LOST
    }

    static final Option<FilterDefect> DEFECT = Option.enumeration("acme.filter-defect", FilterDefect.class,
            FilterDefect.NONE, "Which defect the store's filters have.");

    /** Called by ServiceLoader. */
    public BrokenFilterProvider() {
    }

    @Override
    public String name() {
        return "acme-filter";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("acme-filter");
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

    private record Stored(Scope scope, Memory memory, float[] vector) {
        boolean live(Instant now) {
            return memory.expiresAt() == null || memory.expiresAt().isAfter(now);
        }
    }

    /** An exact in-memory store; the validating layer of MemoryStores checks its arguments and closed state. */
    private static final class Store implements LongTermMemory {
        private static final Comparator<Memory> LIST_ORDER = Comparator.comparingDouble(Memory::importance).reversed()
                .thenComparing(Memory::createdAt, Comparator.reverseOrder()).thenComparing(Memory::id);

        private final FilterDefect defect;
        private final Embedder embedder;
        private final Map<String, Stored> memories = new ConcurrentHashMap<>();

        Store(FilterDefect defect, Embedder embedder) {
            this.defect = defect;
            this.embedder = embedder;
        }

        private static String key(Scope scope, String id) {
            return scope.tenant() + "/" + scope.agent() + "/" + id;
        }

        @Override
        public synchronized Memory store(Scope scope, NewMemory m) {
            Vector given = m.embedding();
            float[] vector = given != null ? given.toArray() : embedder.embed(m.content());
            Stored previous = memories.get(key(scope, m.id()));
            Memory memory = Memory.builder(m).metadata(shown(m.metadata()))
                    .createdAt(previous == null ? Instant.now() : previous.memory().createdAt())
                    .accessCount(previous == null ? 0 : previous.memory().accessCount())
                    .lastAccessedAt(previous == null ? null : previous.memory().lastAccessedAt()).build();
            memories.put(key(scope, m.id()), new Stored(scope, memory, vector));
            return memory;
        }

        /** Metadata as this store gives them back. */
        private Metadata shown(Metadata metadata) {
            if (defect != FilterDefect.TYPES_LOST) {
                return metadata;
            }
            Map<String, Object> lost = new LinkedHashMap<>();
            metadata.asMap().forEach((k, v) -> lost.put(k, v instanceof Double d && d == 0.0 ? (Object) 0.0
                    : v instanceof Long l && l == l.intValue() ? (Object) l.intValue() : v));
            return Metadata.of(lost);
        }

        private List<Stored> live(Scope scope) {
            Instant now = Instant.now();
            return memories.values().stream().filter(s -> s.scope().equals(scope) && s.live(now)).toList();
        }

        @Override
        public synchronized Optional<Memory> get(Scope scope, String memoryId) {
            Stored s = memories.get(key(scope, memoryId));
            return s != null && s.live(Instant.now()) ? Optional.of(s.memory()) : Optional.empty();
        }

        @Override
        public synchronized List<Memory> list(Scope scope, Filter filter, int limit) {
            Predicate<Metadata> p = filter.accept(new Translation(defect));
            return live(scope).stream().map(Stored::memory).filter(m -> p.test(m.metadata())).sorted(LIST_ORDER)
                    .limit(limit).toList();
        }

        @Override
        public synchronized long count(Scope scope, Filter filter) {
            Predicate<Metadata> p = filter.accept(new Translation(defect));
            return live(scope).stream().filter(s -> p.test(s.memory().metadata())).count();
        }

        @Override
        public synchronized long deleteAll(Scope scope, Filter filter) {
            Predicate<Metadata> p = filter.accept(new Translation(defect));
            int before = memories.size();
            memories.values().removeIf(s -> (defect == FilterDefect.DELETE_ACROSS_SCOPES || s.scope().equals(scope))
                    && p.test(s.memory().metadata()));
            return before - memories.size();
        }

        @Override
        public synchronized List<ScoredMemory> search(Scope scope, MemoryQuery query) {
            float[] q = query.vector() != null ? query.vector().toArray() : embedder.embed(query.text());
            Predicate<Metadata> p = query.filter().accept(new Translation(defect));
            Comparator<ScoredMemory> best = Comparator.comparingDouble(ScoredMemory::similarity).reversed()
                    .thenComparing(h -> h.memory().id());
            List<ScoredMemory> hits = live(scope).stream()
                    .filter(s -> query.acceptsType(s.memory().type()) && s.memory().importance() >= query.minImportance()
                            && (query.userId() == null || query.userId().equals(s.memory().userId())))
                    .filter(s -> defect == FilterDefect.FILTER_AFTER_RANKING || p.test(s.memory().metadata()))
                    .map(s -> new ScoredMemory(s.memory(), Cosine.similarity(q, s.vector())))
                    .filter(h -> h.similarity() >= query.minSimilarity()).sorted(best).limit(query.limit())
                    .filter(h -> p.test(h.memory().metadata())).toList();
            List<ScoredMemory> result = new ArrayList<>();
            Instant now = Instant.now();
            for (ScoredMemory hit : hits) {
                Stored s = memories.get(key(scope, hit.memory().id()));
                Memory accessed = s.memory().toBuilder().accessCount(s.memory().accessCount() + 1).lastAccessedAt(now)
                        .build();
                memories.put(key(scope, accessed.id()), new Stored(scope, accessed, s.vector()));
                result.add(new ScoredMemory(accessed, hit.similarity()));
            }
            return result;
        }

        @Override
        public synchronized boolean updateImportance(Scope scope, String memoryId, double importance) {
            Stored s = memories.get(key(scope, memoryId));
            if (s == null || !s.live(Instant.now())) {
                return false;
            }
            memories.put(key(scope, memoryId), new Stored(scope, s.memory().withImportance(importance), s.vector()));
            return true;
        }

        @Override
        public synchronized boolean delete(Scope scope, String memoryId) {
            Stored s = memories.remove(key(scope, memoryId));
            return s != null && s.live(Instant.now());
        }

        @Override
        public int dimension() {
            return embedder.dimension();
        }

        @Override
        public Health health() {
            return Health.up("acme-filter", null);
        }

        @Override
        public void close() {
            memories.clear();
        }
    }

    /** The filter as a predicate, the way a provider translates it, with the store's defect. */
    private record Translation(FilterDefect defect) implements Filter.Visitor<Predicate<Metadata>> {

        @Override
        public Predicate<Metadata> all() {
            return m -> true;
        }

        @Override
        public Predicate<Metadata> compare(Filter.Compare c) {
            return m -> {
                Object stored = m.get(c.key());
                if (stored == null) {
                    return false;
                }
                if (c.op() == Filter.Op.EQ) {
                    return equal(stored, c.value());
                }
                Integer order = order(stored, c.value());
                return order != null && switch (c.op()) {
                    case GT -> order > 0;
                    case GTE -> order >= 0;
                    case LT -> order < 0;
                    case LTE -> order <= 0;
                    case EQ -> order == 0;
                };
            };
        }

        @Override
        public Predicate<Metadata> in(Filter.In in) {
            return m -> m.get(in.key()) != null && in.values().stream().anyMatch(v -> equal(m.get(in.key()), v));
        }

        @Override
        public Predicate<Metadata> containsString(Filter.ContainsString contains) {
            return m -> {
                String text = text(m.get(contains.key()));
                return text != null && text.contains(contains.part());
            };
        }

        @Override
        public Predicate<Metadata> exists(Filter.Exists exists) {
            return m -> m.containsKey(exists.key());
        }

        @Override
        public Predicate<Metadata> and(Filter.And and) {
            List<Predicate<Metadata>> ps = and.operands().stream().map(f -> f.accept(this)).toList();
            return m -> ps.stream().allMatch(p -> p.test(m));
        }

        @Override
        public Predicate<Metadata> or(Filter.Or or) {
            List<Predicate<Metadata>> ps = or.operands().stream().map(f -> f.accept(this)).toList();
            return m -> ps.stream().anyMatch(p -> p.test(m));
        }

        @Override
        public Predicate<Metadata> not(Filter.Not not) {
            Predicate<Metadata> p = not.operand().accept(this);
            String key = keyOf(not.operand());
            if (defect == FilterDefect.NOT_FALSE_FOR_A_MISSING_KEY && key != null) {
                return m -> m.containsKey(key) && !p.test(m);
            }
            return p.negate();
        }

        private static String keyOf(Filter f) {
            if (f instanceof Filter.Compare c) {
                return c.key();
            }
            if (f instanceof Filter.In in) {
                return in.key();
            }
            if (f instanceof Filter.Exists e) {
                return e.key();
            }
            return f instanceof Filter.ContainsString c ? c.key() : null;
        }

        private boolean equal(Object stored, Object operand) {
            if (stored instanceof Boolean || operand instanceof Boolean) {
                return stored.equals(operand);
            }
            Integer order = order(stored, operand);
            return order != null && order == 0;
        }

        private Integer order(Object stored, Object operand) {
            if (stored instanceof Number a && operand instanceof Number b) {
                return switch (defect) {
                    case NUMBERS_AS_TEXT -> a.toString().compareTo(b.toString());
                    case NUMBERS_AS_DOUBLES -> Double.compare(a.doubleValue() == 0 ? 0 : a.doubleValue(),
                            b.doubleValue() == 0 ? 0 : b.doubleValue());
                    default -> exact(a).compareTo(exact(b));
                };
            }
            String x = text(stored);
            String y = text(operand);
            if (x == null || y == null) {
                return null;
            }
            return defect == FilterDefect.STRINGS_BY_UTF16_UNIT ? x.compareTo(y) : byCodePoint(x, y);
        }

        private static BigDecimal exact(Number n) {
            return n instanceof Integer || n instanceof Long ? BigDecimal.valueOf(n.longValue())
                    : new BigDecimal(n.doubleValue());
        }

        private static int byCodePoint(String x, String y) {
            int[] a = x.codePoints().toArray();
            int[] b = y.codePoints().toArray();
            return java.util.Arrays.compare(a, b);
        }

        private static String text(Object value) {
            return value instanceof String s ? s : value instanceof UUID u ? u.toString() : null;
        }
    }
}
