package dev.agentmemory.springai;

import dev.agentmemory.Filter;
import dev.agentmemory.InvalidMemoryRequestException;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.DocumentMetadata;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.observation.conventions.VectorStoreSimilarityMetric;
import org.springframework.ai.vectorstore.AbstractVectorStoreBuilder;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.observation.AbstractObservationVectorStore;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

/**
 * A {@link LongTermMemory}, for one {@link Scope}, as Spring AI's {@code VectorStore}, with the observations Spring AI's
 * vector stores make (it extends {@link AbstractObservationVectorStore}: give the builder an
 * {@code ObservationRegistry} to record them).
 *
 * <p><b>Mapping.</b> A document is a memory: its id the memory id (Spring AI's generated ids are random UUIDs; an id
 * of your own must be a valid memory id), its text the memory's content, its metadata the memory's metadata. Metadata
 * values must be of the types agentmemory's {@code Metadata} keeps (String, UUID, Integer, Long, Float, Double,
 * Boolean); they come back as the same types. Any other value, and a document without text, is rejected with an
 * {@link InvalidMemoryRequestException} (or Spring AI's own {@link IllegalArgumentException} for a media document)
 * before anything is stored. Adding a document whose id is stored replaces it.
 *
 * <p><b>Embedding.</b> The store embeds documents and queries with its own {@code Embedder}, so that the resilience
 * decorator covers those calls: open it with a {@link SpringAiEmbedder} over your Spring AI model. The builder's
 * {@code EmbeddingModel} is Spring AI's required one; give it the same model (or {@link AgentMemoryEmbeddingModel} over
 * the store's embedder). It is not called by this store.
 *
 * <p><b>Search.</b> Ranked by cosine similarity. {@code Document.getScore()} is the cosine similarity, and the metadata
 * key {@code distance} holds {@code 1 - score}, as in Spring AI's {@code SimpleVectorStore} and {@code PgVectorStore}
 * with cosine distance. {@code similarityThreshold} is the minimum score, except {@code 0.0}
 * ({@link SearchRequest#SIMILARITY_THRESHOLD_ACCEPT_ALL}), which accepts every match, negative similarities included,
 * as Spring AI documents it. {@code topK} above {@value MemoryDefaults#SEARCH_MAX_LIMIT} (the store's maximum) returns
 * that many. The filter expression is translated to agentmemory's {@link Filter} and applied by the store before
 * ranking, never after.
 *
 * <p><b>Filter semantics.</b> {@code EQ, NE, GT, GTE, LT, LTE, IN, NIN, AND, OR, NOT, ISNULL, ISNOTNULL} are
 * supported. Numbers compare by value across types; a string never equals a number. {@code NE} and {@code NIN} are true
 * for a document without the key (as in Spring AI's {@code SimpleVectorStore}); {@code GT}, {@code GTE}, {@code LT},
 * {@code LTE}, {@code EQ} and {@code IN} are false there (as in {@code PgVectorStore}; {@code SimpleVectorStore}'s SpEL
 * finds a missing value less than any number). {@code ISNULL} is true for a document without the key (agentmemory
 * stores no null values), {@code ISNOTNULL} when it has the key. The complete rules are agentmemory's, in {@link Filter}.
 *
 * <p>Thread-safe as the underlying store is.
 */
public final class AgentMemoryVectorStore extends AbstractObservationVectorStore {

    private static final String DB_SYSTEM = "agentmemory";

    private final LongTermMemory memory;
    private final Scope scope;

    private AgentMemoryVectorStore(Builder builder) {
        super(builder);
        this.memory = builder.memory;
        this.scope = builder.scope;
    }

    /**
     * A builder for a vector store over a long-term memory, for one scope.
     *
     * @param memory the store
     * @param scope the tenant and agent every document belongs to
     * @param embeddingModel the model the store embeds with (see the class comment; not called by this store)
     * @return a builder
     */
    public static Builder builder(LongTermMemory memory, Scope scope, EmbeddingModel embeddingModel) {
        return new Builder(memory, scope, embeddingModel);
    }

    @Override
    public void doAdd(List<Document> documents) {
        List<NewMemory> memories = new ArrayList<>(documents.size());
        for (Document document : documents) {
            memories.add(toMemory(document));
        }
        for (int from = 0; from < memories.size(); from += MemoryDefaults.MAX_STORE_BATCH) {
            memory.storeAll(scope, memories.subList(from, Math.min(memories.size(), from + MemoryDefaults.MAX_STORE_BATCH)));
        }
    }

    @Override
    public void doDelete(List<String> ids) {
        Objects.requireNonNull(ids, "ids");
        for (String id : ids) {
            Objects.requireNonNull(id, "id");
        }
        for (String id : ids) {
            memory.delete(scope, id);
        }
    }

    @Override
    protected void doDelete(org.springframework.ai.vectorstore.filter.Filter.Expression filterExpression) {
        memory.deleteAll(scope, toFilter(Objects.requireNonNull(filterExpression, "filterExpression")));
    }

    @Override
    public List<Document> doSimilaritySearch(SearchRequest request) {
        Objects.requireNonNull(request, "request");
        double threshold = request.getSimilarityThreshold();
        MemoryQuery.Builder query = MemoryQuery.text(request.getQuery())
                .limit(Math.max(1, Math.min(request.getTopK(), MemoryDefaults.SEARCH_MAX_LIMIT)))
                .minSimilarity(threshold == SearchRequest.SIMILARITY_THRESHOLD_ACCEPT_ALL ? -1.0 : threshold);
        if (request.getFilterExpression() != null) {
            query.filter(toFilter(request.getFilterExpression()));
        }
        List<ScoredMemory> found = memory.search(scope, query.build());
        List<Document> documents = new ArrayList<>(found.size());
        for (ScoredMemory hit : found) {
            Map<String, Object> metadata = new LinkedHashMap<>(hit.memory().metadata().asMap());
            metadata.put(DocumentMetadata.DISTANCE.value(), 1.0 - hit.similarity());
            documents.add(Document.builder().id(hit.memory().id()).text(hit.memory().content()).metadata(metadata)
                    .score(hit.similarity()).build());
        }
        return documents;
    }

    @Override
    public VectorStoreObservationContext.Builder createObservationContextBuilder(String operationName) {
        return VectorStoreObservationContext.builder(DB_SYSTEM, operationName)
                .namespace(scope.tenant())
                .collectionName(scope.agent())
                .dimensions(memory.dimension())
                .similarityMetric(VectorStoreSimilarityMetric.COSINE.value());
    }

    /**
     * The long-term memory this vector store writes to.
     *
     * @return the store
     */
    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<T> getNativeClient() {
        return Optional.of((T) memory);
    }

    private static NewMemory toMemory(Document document) {
        Objects.requireNonNull(document, "document");
        String text = document.getText();
        if (text == null) {
            throw new InvalidMemoryRequestException(DB_SYSTEM, "add", "document " + document.getId()
                    + " has no text; this store keeps text documents");
        }
        return NewMemory.builder(text).id(document.getId()).metadata(document.getMetadata()).build();
    }

    /**
     * Translates Spring AI's filter expression to agentmemory's.
     *
     * @param expression a Spring AI filter expression
     * @return the same condition as an agentmemory filter
     * @throws InvalidMemoryRequestException if an operand is not where the operator needs it, or a value is of a type
     *     agentmemory's filters do not compare
     */
    static Filter toFilter(org.springframework.ai.vectorstore.filter.Filter.Expression expression) {
        var left = expression.left();
        var right = expression.right();
        switch (expression.type()) {
            case AND:
                return Filter.and(toFilter(operand(left, expression)), toFilter(operand(right, expression)));
            case OR:
                return Filter.or(toFilter(operand(left, expression)), toFilter(operand(right, expression)));
            case NOT:
                return Filter.not(toFilter(operand(left, expression)));
            case ISNULL:
                return Filter.missing(key(left, expression));
            case ISNOTNULL:
                return Filter.exists(key(left, expression));
            case EQ:
                return Filter.eq(key(left, expression), value(right, expression));
            case NE:
                return Filter.ne(key(left, expression), value(right, expression));
            case GT:
                return Filter.gt(key(left, expression), value(right, expression));
            case GTE:
                return Filter.gte(key(left, expression), value(right, expression));
            case LT:
                return Filter.lt(key(left, expression), value(right, expression));
            case LTE:
                return Filter.lte(key(left, expression), value(right, expression));
            case IN:
                return Filter.in(key(left, expression), values(right, expression));
            case NIN:
                return Filter.notIn(key(left, expression), values(right, expression));
            default:
                throw invalid(expression, "the operator " + expression.type() + " is not supported");
        }
    }

    private static org.springframework.ai.vectorstore.filter.Filter.Expression operand(
            org.springframework.ai.vectorstore.filter.Filter.@Nullable Operand operand,
            org.springframework.ai.vectorstore.filter.Filter.Expression in) {
        if (operand instanceof org.springframework.ai.vectorstore.filter.Filter.Expression e) {
            return e;
        } else if (operand instanceof org.springframework.ai.vectorstore.filter.Filter.Group g) {
            return g.content();
        }
        throw invalid(in, in.type() + " needs expressions as operands");
    }

    private static String key(org.springframework.ai.vectorstore.filter.Filter.@Nullable Operand operand,
            org.springframework.ai.vectorstore.filter.Filter.Expression in) {
        if (!(operand instanceof org.springframework.ai.vectorstore.filter.Filter.Key k)) {
            throw invalid(in, in.type() + " needs a key on its left");
        }
        String key = k.key();
        if (key.length() >= 2 && (key.charAt(0) == '\'' || key.charAt(0) == '"')
                && key.charAt(key.length() - 1) == key.charAt(0)) {
            key = key.substring(1, key.length() - 1); // the text parser keeps the quotes of a quoted key
        }
        return key;
    }

    private static Object value(org.springframework.ai.vectorstore.filter.Filter.@Nullable Operand operand,
            org.springframework.ai.vectorstore.filter.Filter.Expression in) {
        if (!(operand instanceof org.springframework.ai.vectorstore.filter.Filter.Value v) || v.value() == null) {
            throw invalid(in, in.type() + " needs a value on its right");
        }
        return v.value();
    }

    private static Collection<?> values(org.springframework.ai.vectorstore.filter.Filter.@Nullable Operand operand,
            org.springframework.ai.vectorstore.filter.Filter.Expression in) {
        Object value = value(operand, in);
        if (!(value instanceof Collection<?> list)) {
            throw invalid(in, in.type() + " needs a list of values on its right");
        }
        return list;
    }

    private static InvalidMemoryRequestException invalid(
            org.springframework.ai.vectorstore.filter.Filter.Expression expression, String detail) {
        return new InvalidMemoryRequestException(DB_SYSTEM, "filter", detail + ": " + expression);
    }

    /**
     * Builds an {@link AgentMemoryVectorStore}. Not thread-safe; the store it builds is.
     */
    public static final class Builder extends AbstractVectorStoreBuilder<Builder> {

        private final LongTermMemory memory;
        private final Scope scope;

        private Builder(LongTermMemory memory, Scope scope, EmbeddingModel embeddingModel) {
            super(Objects.requireNonNull(embeddingModel, "embeddingModel"));
            this.memory = Objects.requireNonNull(memory, "memory");
            this.scope = Objects.requireNonNull(scope, "scope");
        }

        /**
         * Builds the vector store.
         *
         * @return the vector store
         */
        @Override
        public AgentMemoryVectorStore build() {
            return new AgentMemoryVectorStore(this);
        }
    }
}
