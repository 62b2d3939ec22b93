package dev.agentmemory.inmemory;

import dev.agentmemory.Embedder;
import dev.agentmemory.Filter;
import dev.agentmemory.Health;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.InvalidMemoryRequestException;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryClosedException;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.SearchKind;
import dev.agentmemory.Vector;
import dev.agentmemory.spi.Cosine;
import dev.agentmemory.spi.RankFusion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Long-term memory in a map of scopes, searched by an exact cosine scan: the reference every other search mode
 * is measured against. Keyword and hybrid searches ({@link SearchKind}) rank by {@link EnglishTextSearch}, which
 * reproduces PostgreSQL's {@code english} text search, and fuse by {@link RankFusion}. Each scope's memories are guarded by that scope's monitor, so a search and its access
 * updates are atomic with respect to writes in the same scope.
 */
final class InMemoryLongTermMemory implements LongTermMemory {

    private static final Comparator<Memory> LIST_ORDER = Comparator.comparingDouble(Memory::importance).reversed()
            .thenComparing(Memory::createdAt, Comparator.reverseOrder())
            .thenComparing(Memory::id);

    private final ConcurrentHashMap<Scope, Map<String, Stored>> scopes = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Embedder embedder;
    private final Clock clock;

    /** A memory, its vector, and its content as keyword search reads it (analysed once, when stored). */
    private record Stored(Memory memory, float[] vector, EnglishTextSearch.Document text) {
        boolean live(Instant now) {
            Instant expiresAt = memory.expiresAt();
            return expiresAt == null || expiresAt.isAfter(now);
        }

        /** This memory as a search hit at {@code now} leaves it: one more access. */
        Stored accessedAt(Instant now) {
            return new Stored(memory.toBuilder().lastAccessedAt(now).accessCount(memory.accessCount() + 1).build(),
                    vector, text);
        }

        Stored withImportance(double importance) {
            return new Stored(memory.withImportance(importance), vector, text);
        }
    }

    InMemoryLongTermMemory(Embedder embedder, Clock clock) {
        this.embedder = embedder;
        this.clock = clock;
    }

    @Override
    public Memory store(Scope scope, NewMemory memory) {
        open("store");
        float[] vector = vectorOf(memory);
        Map<String, Stored> memories = scopes.computeIfAbsent(scope, k -> new HashMap<>());
        synchronized (memories) {
            return put(memories, memory, vector, now());
        }
    }

    @Override
    public List<Memory> storeAll(Scope scope, List<NewMemory> batch) {
        open("storeAll");
        List<float[]> vectors = new ArrayList<>(batch.size());
        for (NewMemory memory : batch) {
            vectors.add(vectorOf(memory));
        }
        Map<String, Stored> memories = scopes.computeIfAbsent(scope, k -> new HashMap<>());
        List<Memory> stored = new ArrayList<>(batch.size());
        synchronized (memories) {
            Instant now = now();
            for (int i = 0; i < batch.size(); i++) {
                stored.add(put(memories, batch.get(i), vectors.get(i), now));
            }
        }
        return stored;
    }

    private static Memory put(Map<String, Stored> memories, NewMemory m, float[] vector, Instant now) {
        Stored previous = memories.get(m.id());
        Instant createdAt = previous == null ? now : previous.memory().createdAt();
        Instant lastAccessedAt = previous == null ? null : previous.memory().lastAccessedAt();
        long accessCount = previous == null ? 0 : previous.memory().accessCount();
        Memory memory = Memory.builder(m).createdAt(createdAt).lastAccessedAt(lastAccessedAt).accessCount(accessCount)
                .build();
        memories.put(m.id(), new Stored(memory, vector, EnglishTextSearch.document(m.content())));
        return memory;
    }

    @Override
    public Optional<Memory> get(Scope scope, String memoryId) {
        open("get");
        Map<String, Stored> memories = scopes.get(scope);
        if (memories == null) {
            return Optional.empty();
        }
        synchronized (memories) {
            Stored stored = memories.get(memoryId);
            return stored != null && stored.live(now()) ? Optional.of(stored.memory()) : Optional.empty();
        }
    }

    @Override
    public List<Memory> list(Scope scope, Filter filter, int limit) {
        open("list");
        Map<String, Stored> memories = scopes.get(scope);
        if (memories == null) {
            return List.of();
        }
        Instant now = now();
        synchronized (memories) {
            return memories.values().stream().filter(s -> s.live(now) && filter.test(s.memory().metadata()))
                    .map(Stored::memory).sorted(LIST_ORDER).limit(limit).toList();
        }
    }

    @Override
    public long count(Scope scope, Filter filter) {
        open("count");
        Map<String, Stored> memories = scopes.get(scope);
        if (memories == null) {
            return 0;
        }
        Instant now = now();
        synchronized (memories) {
            return memories.values().stream().filter(s -> s.live(now) && filter.test(s.memory().metadata())).count();
        }
    }

    @Override
    public long deleteAll(Scope scope, Filter filter) {
        open("deleteAll");
        Map<String, Stored> memories = scopes.get(scope);
        if (memories == null) {
            return 0;
        }
        synchronized (memories) {
            int before = memories.size();
            memories.values().removeIf(s -> filter.test(s.memory().metadata()));
            return before - memories.size();
        }
    }

    @Override
    public List<ScoredMemory> search(Scope scope, MemoryQuery query) {
        open("search");
        Vector given = query.vector();
        float[] q = query.kind() == SearchKind.KEYWORD ? null : given != null ? given.toArray()
                : embedded("search", embedder.embed(query.text() == null ? "" : query.text()));
        EnglishTextSearch.Query keywords = query.kind() == SearchKind.VECTOR ? null
                : EnglishTextSearch.query(query.text() == null ? "" : query.text());
        Map<String, Stored> memories = scopes.get(scope);
        if (memories == null) {
            return List.of();
        }
        Instant now = now();
        synchronized (memories) {
            List<Stored> candidates = new ArrayList<>();
            for (Stored s : memories.values()) {
                if (s.live(now) && matches(s.memory(), query)) {
                    candidates.add(s);
                }
            }
            List<Hit> hits = switch (query.kind()) {
                case VECTOR -> vectorRanking(candidates, q, query.minSimilarity(), query.limit());
                case KEYWORD -> keywordRanking(candidates, keywords, query.limit());
                case HYBRID -> {
                    List<String> keyword = ids(keywordRanking(candidates, keywords, SearchKind.FUSION_CANDIDATES));
                    List<String> vector = ids(vectorRanking(candidates, q, query.minSimilarity(),
                            SearchKind.FUSION_CANDIDATES));
                    List<Hit> fused = new ArrayList<>();
                    for (RankFusion.Fused f : RankFusion.fuse(keyword, vector, query.limit())) {
                        fused.add(new Hit(f.id(), f.score()));
                    }
                    yield fused;
                }
            };
            List<ScoredMemory> result = new ArrayList<>(hits.size());
            for (Hit hit : hits) {
                Stored accessed = memories.get(hit.id()).accessedAt(now);
                memories.put(hit.id(), accessed);
                result.add(new ScoredMemory(accessed.memory(), hit.score()));
            }
            return List.copyOf(result);
        }
    }

    /** A ranked memory id and its score. */
    private record Hit(String id, double score) {
    }

    private static final Comparator<Hit> BEST_FIRST = Comparator.comparingDouble(Hit::score).reversed()
            .thenComparing(Hit::id);

    /** The candidates at or above {@code minSimilarity}, by cosine similarity, best {@code limit} first. */
    private static List<Hit> vectorRanking(List<Stored> candidates, float[] q, double minSimilarity, int limit) {
        List<Hit> hits = new ArrayList<>();
        for (Stored s : candidates) {
            double similarity = Cosine.similarity(q, s.vector());
            if (similarity >= minSimilarity) {
                hits.add(new Hit(s.memory().id(), similarity));
            }
        }
        return best(hits, limit);
    }

    /** The candidates that match the keyword query, by ts_rank, best {@code limit} first. */
    private static List<Hit> keywordRanking(List<Stored> candidates, EnglishTextSearch.Query query, int limit) {
        List<Hit> hits = new ArrayList<>();
        if (query.isEmpty()) {
            return hits;
        }
        for (Stored s : candidates) {
            if (EnglishTextSearch.matches(query, s.text())) {
                hits.add(new Hit(s.memory().id(), EnglishTextSearch.rank(query, s.text())));
            }
        }
        return best(hits, limit);
    }

    private static List<Hit> best(List<Hit> hits, int limit) {
        hits.sort(BEST_FIRST);
        return hits.size() > limit ? new ArrayList<>(hits.subList(0, limit)) : hits;
    }

    private static List<String> ids(List<Hit> hits) {
        return hits.stream().map(Hit::id).toList();
    }

    static boolean matches(Memory m, MemoryQuery query) {
        if (!query.acceptsType(m.type()) || m.importance() < query.minImportance()) {
            return false;
        }
        if (query.userId() != null && !query.userId().equals(m.userId())) {
            return false;
        }
        return query.filter().test(m.metadata());
    }

    @Override
    public boolean updateImportance(Scope scope, String memoryId, double importance) {
        open("updateImportance");
        Map<String, Stored> memories = scopes.get(scope);
        if (memories == null) {
            return false;
        }
        synchronized (memories) {
            Stored s = memories.get(memoryId);
            if (s == null || !s.live(now())) {
                return false;
            }
            memories.put(memoryId, s.withImportance(importance));
            return true;
        }
    }

    @Override
    public boolean delete(Scope scope, String memoryId) {
        open("delete");
        Map<String, Stored> memories = scopes.get(scope);
        if (memories == null) {
            return false;
        }
        synchronized (memories) {
            Stored removed = memories.remove(memoryId);
            return removed != null && removed.live(now());
        }
    }

    @Override
    public int dimension() {
        return embedder.dimension();
    }

    @Override
    public Health health() {
        open("health");
        return Health.up("in-memory, " + scopes.size() + " scopes, exact search", Duration.ZERO)
                .with("provider", "inmemory").with("searchMode", "exact");
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            scopes.clear();
        }
    }

    private float[] vectorOf(NewMemory memory) {
        Vector given = memory.embedding();
        if (given == null) {
            return embedded("store", embedder.embed(memory.content()));
        }
        if (given.dimension() != embedder.dimension()) {
            throw new InvalidMemoryRequestException(InMemoryShortTermMemory.BACKEND, "store", "vector has dimension "
                    + given.dimension() + "; this store's is " + embedder.dimension());
        }
        return given.toArray();
    }

    /** A vector the embedder made: one of the wrong length is the embedder's fault, not the request's. */
    private float[] embedded(String operation, float[] vector) {
        if (vector.length != embedder.dimension()) {
            throw new MemoryConfigurationException(InMemoryShortTermMemory.BACKEND, operation, "the embedder "
                    + embedder.getClass().getName() + " returned a vector of " + vector.length
                    + " dimensions; it declares " + embedder.dimension());
        }
        return vector;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void open(String operation) {
        if (closed.get()) {
            throw new MemoryClosedException(InMemoryShortTermMemory.BACKEND, operation,
                    "the store is closed; open a new one");
        }
    }

    @Override
    public String toString() {
        return "InMemoryLongTermMemory{embedder=" + embedder + "}";
    }
}
