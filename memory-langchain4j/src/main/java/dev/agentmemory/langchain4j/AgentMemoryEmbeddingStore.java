package dev.agentmemory.langchain4j;

import dev.agentmemory.Filter;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.Vector;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.internal.ValidationUtils;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThan;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotIn;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LongTermMemory}, for one {@link Scope}, as LangChain4j's {@code EmbeddingStore<TextSegment>}.
 *
 * <p><b>Mapping.</b> An embedding id is the memory id (LangChain4j's generated ids are random UUIDs; an id of your
 * own must be a valid memory id). The segment's text is the memory's content, its metadata the memory's metadata,
 * type for type (String, UUID, Integer, Long, Float, Double), and the embedding is the memory's vector: the store's
 * dimension must be the model's. An embedding added without a segment is stored with the content {@code " "} and the
 * reserved metadata key {@value #NO_SEGMENT_KEY}, which a segment's metadata may not use; such a match has no
 * {@code embedded()}. A memory written through agentmemory's own API with a Boolean metadata value comes back with
 * the value as its text ({@code "true"}), since LangChain4j's metadata has no Boolean.
 *
 * <p><b>Search.</b> The query embedding ranks by cosine similarity; LangChain4j's score is
 * {@code RelevanceScore.fromCosineSimilarity}, {@code (cos + 1) / 2}, so {@code minScore} becomes the minimum
 * cosine {@code 2 * minScore - 1}. The filter is translated to agentmemory's {@link Filter} and applied by the store
 * before ranking, never after. {@code maxResults} above {@value MemoryDefaults#SEARCH_MAX_LIMIT} (the store's
 * maximum) returns that many. The matches carry no {@code embedding()}: agentmemory does not return vectors.
 *
 * <p><b>Filter semantics.</b> {@code IsNotEqualTo} and {@code IsNotIn} are true for a memory without the key, as in
 * LangChain4j's own in-memory store. Numbers compare by value across types in both libraries. Where they differ,
 * agentmemory's rules apply (see {@link Filter}): LangChain4j's in-memory store throws on comparing a stored value
 * with an operand of another type (a number with a string), agentmemory's filter is false there;
 * {@code ContainsString} on a number is false, not an error. LangChain4j's published suites do not exercise
 * mismatched types.
 *
 * <p>Thread-safe as the underlying store is.
 */
public final class AgentMemoryEmbeddingStore implements EmbeddingStore<TextSegment> {

    /** The reserved metadata key that marks a memory stored from an embedding without a segment. */
    public static final String NO_SEGMENT_KEY = "langchain4j.no-segment";

    private static final String NO_SEGMENT_CONTENT = " ";

    private final LongTermMemory memory;
    private final Scope scope;

    /**
     * An embedding store over a long-term memory, for one scope.
     *
     * @param memory the store; its dimension must be the embedding model's
     * @param scope the tenant and agent every memory belongs to
     */
    public AgentMemoryEmbeddingStore(LongTermMemory memory, Scope scope) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    @Override
    public String add(Embedding embedding) {
        String id = UUID.randomUUID().toString();
        add(id, embedding);
        return id;
    }

    @Override
    public void add(String id, Embedding embedding) {
        memory.store(scope, toMemory(id, embedding, null));
    }

    @Override
    public String add(Embedding embedding, TextSegment segment) {
        String id = UUID.randomUUID().toString();
        memory.store(scope, toMemory(id, embedding, segment));
        return id;
    }

    @Override
    public List<String> addAll(List<Embedding> embeddings) {
        List<String> ids = generateIds(embeddings.size());
        addAll(ids, embeddings, null);
        return ids;
    }

    @Override
    public void addAll(List<String> ids, List<Embedding> embeddings, @Nullable List<TextSegment> segments) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(embeddings, "embeddings");
        if (ids.size() != embeddings.size() || (segments != null && segments.size() != embeddings.size())) {
            throw new IllegalArgumentException("ids, embeddings and segments must have the same size, got "
                    + ids.size() + ", " + embeddings.size() + " and " + (segments == null ? "none" : segments.size()));
        }
        List<NewMemory> memories = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            memories.add(toMemory(ids.get(i), embeddings.get(i), segments == null ? null : segments.get(i)));
        }
        for (int from = 0; from < memories.size(); from += MemoryDefaults.MAX_STORE_BATCH) {
            memory.storeAll(scope, memories.subList(from, Math.min(memories.size(), from + MemoryDefaults.MAX_STORE_BATCH)));
        }
    }

    @Override
    public void remove(String id) {
        memory.delete(scope, notBlank(id));
    }

    @Override
    public void removeAll(Collection<String> ids) {
        ValidationUtils.ensureNotEmpty(ids, "ids");
        for (String id : ids) {
            notBlank(id);
        }
        for (String id : ids) {
            memory.delete(scope, id);
        }
    }

    @Override
    public void removeAll(dev.langchain4j.store.embedding.filter.Filter filter) {
        ValidationUtils.ensureNotNull(filter, "filter");
        memory.deleteAll(scope, toFilter(filter));
    }

    @Override
    public void removeAll() {
        memory.deleteAll(scope, Filter.all());
    }

    @Override
    public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
        Objects.requireNonNull(request, "request");
        MemoryQuery.Builder query = MemoryQuery.vector(Vector.of(request.queryEmbedding().vector()))
                .limit(Math.max(1, Math.min(request.maxResults(), MemoryDefaults.SEARCH_MAX_LIMIT)))
                .minSimilarity(Math.max(-1.0, Math.min(1.0, 2 * request.minScore() - 1)));
        if (request.filter() != null) {
            query.filter(toFilter(request.filter()));
        }
        List<ScoredMemory> found = memory.search(scope, query.build());
        List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>(found.size());
        for (ScoredMemory scored : found) {
            double score = (scored.similarity() + 1) / 2;
            if (score < request.minScore()) {
                continue; // the threshold was converted in floating point; keep LangChain4j's exactly
            }
            matches.add(new EmbeddingMatch<>(score, scored.memory().id(), null, toSegment(scored.memory())));
        }
        return new EmbeddingSearchResult<>(matches);
    }

    private NewMemory toMemory(String id, Embedding embedding, @Nullable TextSegment segment) {
        Objects.requireNonNull(embedding, "embedding");
        NewMemory.Builder b = NewMemory.builder(segment == null ? NO_SEGMENT_CONTENT : segment.text())
                .id(notBlank(id)).embedding(embedding.vector());
        if (segment == null) {
            b.metadata(Map.of(NO_SEGMENT_KEY, true));
        } else {
            Map<String, Object> values = segment.metadata().toMap();
            if (values.containsKey(NO_SEGMENT_KEY)) {
                throw new IllegalArgumentException("the metadata key " + NO_SEGMENT_KEY + " is reserved");
            }
            b.metadata(values);
        }
        return b.build();
    }

    private static @Nullable TextSegment toSegment(dev.agentmemory.Memory stored) {
        if (stored.metadata().containsKey(NO_SEGMENT_KEY)) {
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        stored.metadata().asMap().forEach((k, v) -> values.put(k, v instanceof Boolean ? v.toString() : v));
        return TextSegment.from(stored.content(), new Metadata(values));
    }

    private static String notBlank(@Nullable String id) {
        return ValidationUtils.ensureNotBlank(id, "id");
    }

    /**
     * Translates LangChain4j's filter to agentmemory's.
     *
     * @param filter a LangChain4j filter
     * @return the same condition as an agentmemory filter
     * @throws UnsupportedOperationException for a filter class this adapter does not know
     */
    static Filter toFilter(dev.langchain4j.store.embedding.filter.Filter filter) {
        if (filter instanceof IsEqualTo f) {
            return Filter.eq(f.key(), f.comparisonValue());
        } else if (filter instanceof IsNotEqualTo f) {
            return Filter.ne(f.key(), f.comparisonValue());
        } else if (filter instanceof IsGreaterThan f) {
            return Filter.gt(f.key(), f.comparisonValue());
        } else if (filter instanceof IsGreaterThanOrEqualTo f) {
            return Filter.gte(f.key(), f.comparisonValue());
        } else if (filter instanceof IsLessThan f) {
            return Filter.lt(f.key(), f.comparisonValue());
        } else if (filter instanceof IsLessThanOrEqualTo f) {
            return Filter.lte(f.key(), f.comparisonValue());
        } else if (filter instanceof IsIn f) {
            return Filter.in(f.key(), f.comparisonValues());
        } else if (filter instanceof IsNotIn f) {
            return Filter.notIn(f.key(), f.comparisonValues());
        } else if (filter instanceof ContainsString f) {
            return Filter.containsString(f.key(), f.comparisonValue());
        } else if (filter instanceof And f) {
            return Filter.and(toFilter(f.left()), toFilter(f.right()));
        } else if (filter instanceof Or f) {
            return Filter.or(toFilter(f.left()), toFilter(f.right()));
        } else if (filter instanceof Not f) {
            return Filter.not(toFilter(f.expression()));
        }
        throw new UnsupportedOperationException("unsupported LangChain4j filter: " + filter.getClass().getName());
    }
}
