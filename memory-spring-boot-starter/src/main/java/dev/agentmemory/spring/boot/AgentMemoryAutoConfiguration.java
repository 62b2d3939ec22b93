package dev.agentmemory.spring.boot;

import dev.agentmemory.Embedder;
import dev.agentmemory.HashingEmbedder;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Scope;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.resilience.Resilience;
import dev.agentmemory.resilience.ResilienceListener;
import dev.agentmemory.resilience.ResiliencePolicy;
import dev.agentmemory.springai.AgentMemoryChatMemoryRepository;
import dev.agentmemory.springai.AgentMemoryEmbeddingModel;
import dev.agentmemory.springai.AgentMemoryVectorStore;
import dev.agentmemory.springai.SpringAiEmbedder;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Opens agentmemory's stores from {@code agentmemory.*} properties and exposes them to Spring AI.
 *
 * <ul>
 *   <li>{@code agentmemory.short-term.uri} opens a {@link ShortTermMemory} bean and, over it, an
 *       {@link AgentMemoryChatMemoryRepository} ({@link ChatMemoryRepository}) in the scope
 *       {@code agentmemory.tenant} / {@code agentmemory.agent} (both default to {@code default}).</li>
 *   <li>{@code agentmemory.long-term.uri} opens a {@link LongTermMemory} bean and, over it, an
 *       {@link AgentMemoryVectorStore} ({@link VectorStore}). The store embeds with the application's Spring AI
 *       {@link EmbeddingModel} if there is one, else with {@link HashingEmbedder} of {@code embedding.dimension}.</li>
 *   <li>Every other {@code agentmemory.<key>} is the store option {@code <key>} (see {@code docs/options.md}), for
 *       both stores: {@code agentmemory.short-term.max-entries}, {@code agentmemory.resilience.degradation},
 *       {@code agentmemory.client-name}, {@code agentmemory.redis.key-prefix}, ...</li>
 * </ul>
 * The stores are opened with {@code resilience.enabled=false} and wrapped here with
 * {@link ResiliencePolicy#fromOptions(MemoryOptions)} plus every {@link ResilienceListener} bean (the Micrometer one
 * among them), so that the listeners hear the stores' events; {@code agentmemory.resilience.enabled=false} leaves the
 * stores unwrapped. The resilience layer is therefore the outermost decorator. Each bean is created only when the
 * application defines none of its type, and the stores are closed with the context.
 *
 * <p>Thread-safe, as Spring configuration classes are.
 */
@AutoConfiguration
@ConditionalOnClass({ MemoryStores.class, ChatMemoryRepository.class })
public class AgentMemoryAutoConfiguration {

    /** Creates the configuration; Spring calls it. */
    public AgentMemoryAutoConfiguration() {
    }

    /** What the properties say, read once per context: reading them loads every provider's option declarations. */
    private volatile @Nullable StoreSettings settings;

    private StoreSettings settings(Environment environment) {
        StoreSettings read = settings;
        if (read == null) {
            read = StoreSettings.of(environment);
            settings = read;
        }
        return read;
    }

    /**
     * The short-term store named by {@code agentmemory.short-term.uri}.
     *
     * @param environment the properties
     * @param listeners the resilience listeners of the application
     * @return the store, closed with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = StoreSettings.PREFIX, name = StoreSettings.SHORT_TERM_URI)
    public ShortTermMemory agentMemoryShortTerm(Environment environment, ObjectProvider<ResilienceListener> listeners) {
        StoreSettings settings = settings(environment);
        String uri = Objects.requireNonNull(settings.shortTermUri());
        MemoryOptions options = settings.options();
        if (!resilient(options)) {
            return MemoryStores.shortTerm(uri, options);
        }
        ShortTermMemory store = MemoryStores.shortTerm(uri, withoutResilience(options));
        try {
            String backend = "short-term " + MemoryOptions.redact(uri);
            return Resilience.wrap(store, backend, policy(options, backend, listeners),
                    options.get(MemoryOptions.SHORT_TERM_TTL));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * The embedder of the long-term store: the application's Spring AI {@link EmbeddingModel} if there is one, else
     * {@link HashingEmbedder} of {@code agentmemory.embedding.dimension}.
     *
     * @param environment the properties
     * @param embeddingModels the application's embedding model, if any
     * @return the embedder
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = StoreSettings.PREFIX, name = StoreSettings.LONG_TERM_URI)
    public Embedder agentMemoryEmbedder(Environment environment, ObjectProvider<EmbeddingModel> embeddingModels) {
        EmbeddingModel model = embeddingModels.getIfUnique();
        if (model != null) {
            return new SpringAiEmbedder(model);
        }
        return new HashingEmbedder(settings(environment).options().get(MemoryOptions.EMBEDDING_DIMENSION));
    }

    /**
     * The long-term store named by {@code agentmemory.long-term.uri}.
     *
     * @param environment the properties
     * @param embedder the embedder
     * @param listeners the resilience listeners of the application
     * @return the store, closed with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = StoreSettings.PREFIX, name = StoreSettings.LONG_TERM_URI)
    public LongTermMemory agentMemoryLongTerm(Environment environment, Embedder embedder,
                                              ObjectProvider<ResilienceListener> listeners) {
        StoreSettings settings = settings(environment);
        String uri = Objects.requireNonNull(settings.longTermUri());
        MemoryOptions options = settings.options();
        if (options.find(MemoryOptions.EMBEDDING_DIMENSION).isEmpty()) {
            options = options.with(MemoryOptions.EMBEDDING_DIMENSION, embedder.dimension());
        }
        if (!resilient(options)) {
            return MemoryStores.longTerm(uri, options, embedder);
        }
        LongTermMemory store = MemoryStores.longTerm(uri, withoutResilience(options), embedder);
        try {
            String backend = "long-term " + MemoryOptions.redact(uri);
            return Resilience.wrap(store, embedder, backend, policy(options, backend, listeners));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Spring AI's chat memory repository over the short-term store, in the configured scope.
     *
     * @param memory the short-term store
     * @param environment the properties (for the scope)
     * @return the repository
     */
    @Bean
    @ConditionalOnMissingBean(ChatMemoryRepository.class)
    @ConditionalOnBean(ShortTermMemory.class)
    public AgentMemoryChatMemoryRepository agentMemoryChatMemoryRepository(ShortTermMemory memory,
                                                                           Environment environment) {
        return new AgentMemoryChatMemoryRepository(memory, settings(environment).scope());
    }

    /**
     * Spring AI's vector store over the long-term store, in the configured scope, with Spring AI's vector store
     * observations when the application has an {@link ObservationRegistry}.
     *
     * @param memory the long-term store
     * @param embedder the store's embedder
     * @param embeddingModels the application's embedding model, if any (else the embedder, bridged)
     * @param observationRegistries the application's observation registry, if any
     * @param environment the properties (for the scope)
     * @return the vector store
     */
    @Bean
    @ConditionalOnMissingBean(VectorStore.class)
    @ConditionalOnBean(LongTermMemory.class)
    public AgentMemoryVectorStore agentMemoryVectorStore(LongTermMemory memory, Embedder embedder,
                                                         ObjectProvider<EmbeddingModel> embeddingModels,
                                                         ObjectProvider<ObservationRegistry> observationRegistries,
                                                         Environment environment) {
        Scope scope = settings(environment).scope();
        EmbeddingModel model = embeddingModels.getIfUnique(() -> new AgentMemoryEmbeddingModel(embedder));
        AgentMemoryVectorStore.Builder builder = AgentMemoryVectorStore.builder(memory, scope, model);
        ObservationRegistry observations = observationRegistries.getIfUnique();
        if (observations != null) {
            builder.observationRegistry(observations);
        }
        return builder.build();
    }

    private static boolean resilient(MemoryOptions options) {
        return !"false".equalsIgnoreCase(options.explicitValues().getOrDefault(enabledKey(), "true").trim());
    }

    private static MemoryOptions withoutResilience(MemoryOptions options) {
        return options.with(enabledKey(), "false");
    }

    private static String enabledKey() {
        return Resilience.DECORATOR_NAME + ".enabled";
    }

    private static ResiliencePolicy policy(MemoryOptions options, String backend,
                                           ObjectProvider<ResilienceListener> listeners) {
        ResiliencePolicy.Builder builder = ResiliencePolicy.fromOptions(options).toBuilder();
        List<ResilienceListener> all = listeners.orderedStream().toList();
        for (ResilienceListener listener : all) {
            if (listener instanceof BackendAware aware) {
                aware.track(backend);
            }
            builder.listener(listener);
        }
        return builder.build();
    }
}
