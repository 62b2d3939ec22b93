package dev.agentmemory.spi;

import dev.agentmemory.Embedder;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.Option;
import dev.agentmemory.ShortTermMemory;
import java.util.List;

/**
 * Wraps every store (and embedder) that {@link dev.agentmemory.MemoryStores} opens: resilience, metrics,
 * tracing. Found by {@link java.util.ServiceLoader}; having the decorator's module on the module path turns
 * it on.
 *
 * <p>Decorators are applied in ascending {@link #order()} (ties broken by name): the lowest order is
 * innermost, next to the provider. A decorator is skipped when the option {@code <name>.enabled} is
 * {@code false}. A decorated store must keep the store's contract, in particular the error taxonomy and an
 * idempotent {@code close()} that closes the wrapped store. Implementations are thread-safe.
 */
public interface StoreDecorator {

    /** @return a short, unique name; the option {@code <name>.enabled=false} turns the decorator off */
    String name();

    /** @return the position: lower is closer to the provider */
    int order();

    /**
     * The options this decorator reads, declared once as {@link Option} constants in its module, as
     * {@link MemoryProvider#options()} does for a provider. The default declares none.
     *
     * @return the options, in the order the documentation lists them
     */
    default List<Option<?>> options() {
        return List.of();
    }

    /**
     * Wraps a short-term store. The default returns it unchanged.
     *
     * @param store the store (possibly already decorated)
     * @param context what the store was opened with
     * @return the wrapped store
     */
    default ShortTermMemory decorate(ShortTermMemory store, DecoratorContext context) {
        return store;
    }

    /**
     * Wraps a long-term store. The default returns it unchanged.
     *
     * @param store the store (possibly already decorated)
     * @param context what the store was opened with
     * @return the wrapped store
     */
    default LongTermMemory decorate(LongTermMemory store, DecoratorContext context) {
        return store;
    }

    /**
     * Wraps a long-term store, given the embedder that store embeds text with (the one its provider was opened
     * with, after every decorator wrapped it). A decorator that retries or times calls to the store can embed text
     * itself, once, through this embedder and hand the store the vector, so that its own retries and attempt timeouts
     * never wrap the embedder's. The default ignores the embedder and calls
     * {@link #decorate(LongTermMemory, DecoratorContext)}.
     *
     * @param store the store (possibly already decorated)
     * @param embedder the embedder the store embeds text with
     * @param context what the store was opened with
     * @return the wrapped store
     */
    default LongTermMemory decorate(LongTermMemory store, Embedder embedder, DecoratorContext context) {
        return decorate(store, context);
    }

    /**
     * Wraps the embedder of a long-term store. The default returns it unchanged.
     *
     * @param embedder the embedder (possibly already decorated)
     * @param context what the store is being opened with
     * @return the wrapped embedder
     */
    default Embedder decorate(Embedder embedder, DecoratorContext context) {
        return embedder;
    }
}
