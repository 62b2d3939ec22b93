package dev.agentmemory;

import dev.agentmemory.spi.MemoryProvider;
import java.util.List;
import java.util.Map;

/**
 * The one entry point: opens a store for a URI with the provider found for its scheme.
 *
 * <pre>{@code
 * try (ShortTermMemory recent = MemoryStores.shortTerm("redis://127.0.0.1:6379");
 *      LongTermMemory durable = MemoryStores.longTerm("postgresql://127.0.0.1:5432/agents")) {
 *     SessionRef chat = SessionRef.of("acme", "support-bot", "chat-42");
 *     recent.append(chat, NewEntry.of("user", "My order never arrived"));
 * }
 * }</pre>
 *
 * <p>How a store is opened:
 * <ol>
 *   <li>{@link MemoryProvider}s are found with {@link java.util.ServiceLoader} (on the module path by the
 *       {@code uses} clause of {@code dev.agentmemory.api}; on the class path by {@code META-INF/services}).
 *       A provider that fails to load is logged and skipped.</li>
 *   <li>The option {@code provider} names the provider to use; without it, the provider whose schemes contain
 *       the URI's scheme is used. No match throws {@link MemoryConfigurationException} naming the scheme, the
 *       providers found and the artifact to add.</li>
 *   <li>Every discovered {@link dev.agentmemory.spi.StoreDecorator} not turned off by {@code <name>.enabled=false}
 *       wraps the store (and, for long-term memory, the embedder), in ascending order.</li>
 *   <li>The returned store validates every request before it reaches a decorator or the backend, and refuses
 *       every call after {@code close()} with {@link MemoryClosedException}.</li>
 * </ol>
 * A {@code null} argument is a configuration error: {@link MemoryConfigurationException} naming the parameter,
 * thrown before discovery. (A {@code null} inside a request to a store is an {@link InvalidMemoryRequestException}.)
 *
 * <p>Thread-safe; holds no state of its own (discovery runs on every open).
 */
public final class MemoryStores {

    private MemoryStores() {
    }

    /**
     * Opens a short-term store with options from system properties and environment only.
     *
     * @param uri for example {@code mem:} or {@code redis://127.0.0.1:6379}
     * @return the store; close it when done
     * @throws MemoryConfigurationException if an argument is null, no provider serves the URI or the configuration is invalid
     */
    public static ShortTermMemory shortTerm(String uri) {
        MemoryOptions.required("uri", uri);
        return shortTerm(uri, MemoryOptions.empty());
    }

    /**
     * Opens a short-term store.
     *
     * @param uri for example {@code mem:} or {@code redis://127.0.0.1:6379}
     * @param options the options
     * @return the store; close it when done
     * @throws MemoryConfigurationException if an argument is null, no provider serves the URI or the configuration is invalid
     * @throws MemoryConnectionException if {@code connect=eager} and the backend cannot be reached
     */
    public static ShortTermMemory shortTerm(String uri, MemoryOptions options) {
        MemoryOptions.required("uri", uri);
        MemoryOptions.required("options", options);
        return ProviderRegistry.fromServiceLoader().shortTerm(uri, options);
    }

    /**
     * Opens a long-term store with the built-in {@link HashingEmbedder}.
     *
     * @param uri for example {@code mem:} or {@code postgresql://127.0.0.1:5432/agents}
     * @return the store; close it when done
     * @throws MemoryConfigurationException if an argument is null, no provider serves the URI or the configuration is invalid
     */
    public static LongTermMemory longTerm(String uri) {
        MemoryOptions.required("uri", uri);
        return longTerm(uri, MemoryOptions.empty());
    }

    /**
     * Opens a long-term store with the built-in {@link HashingEmbedder} of dimension
     * {@code embedding.dimension} (default {@value MemoryDefaults#EMBEDDING_DIMENSION}).
     *
     * @param uri the address
     * @param options the options
     * @return the store; close it when done
     * @throws MemoryConfigurationException if an argument is null, no provider serves the URI or the configuration is invalid
     */
    public static LongTermMemory longTerm(String uri, MemoryOptions options) {
        MemoryOptions.required("uri", uri);
        MemoryOptions.required("options", options);
        return longTerm(uri, options, new HashingEmbedder(options.get(MemoryOptions.EMBEDDING_DIMENSION)));
    }

    /**
     * Opens a long-term store with your embedder.
     *
     * @param uri the address
     * @param options the options
     * @param embedder embeds memories and queries given as text
     * @return the store; close it when done
     * @throws MemoryConfigurationException if an argument is null, no provider serves the URI or the configuration is invalid
     */
    public static LongTermMemory longTerm(String uri, MemoryOptions options, Embedder embedder) {
        MemoryOptions.required("uri", uri);
        MemoryOptions.required("options", options);
        MemoryOptions.required("embedder", embedder);
        return ProviderRegistry.fromServiceLoader().longTerm(uri, options, embedder);
    }

    /**
     * The providers on the module path (or class path), one line each: name, schemes, capabilities.
     *
     * @return the descriptions, sorted by name
     */
    public static List<String> providers() {
        return ProviderRegistry.fromServiceLoader().providers().stream()
                .map(p -> ProviderRegistry.describe(List.of(p))).toList();
    }

    /**
     * The options each provider and decorator on the module path (or class path) declares, by its name (providers
     * first); the options every provider shares are {@link MemoryOptions#shared()}. The options reference
     * ({@code docs/options.md}) is generated from these declarations.
     *
     * @return the declarations, by provider or decorator name
     */
    public static Map<String, List<Option<?>>> declaredOptions() {
        return ProviderRegistry.fromServiceLoader().declaredOptions();
    }

    /**
     * The names of the decorators that would wrap a store opened with these options, innermost first.
     *
     * @param options the options (a decorator is left out when {@code <name>.enabled=false})
     * @return the decorator names
     */
    public static List<String> decorators(MemoryOptions options) {
        MemoryOptions.required("options", options);
        return ProviderRegistry.fromServiceLoader().decorators(options).stream()
                .map(dev.agentmemory.spi.StoreDecorator::name).toList();
    }
}
