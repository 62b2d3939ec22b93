package dev.agentmemory.resilience.internal;

import dev.agentmemory.Embedder;
import dev.agentmemory.HashingEmbedder;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.Option;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.resilience.Resilience;
import dev.agentmemory.resilience.ResilienceOptions;
import dev.agentmemory.resilience.ResiliencePolicy;
import dev.agentmemory.spi.DecoratorContext;
import dev.agentmemory.spi.StoreDecorator;
import java.util.List;

/**
 * The {@link StoreDecorator} named {@value Resilience#DECORATOR_NAME}: wraps every store and embedder that
 * {@link dev.agentmemory.MemoryStores} opens in a {@link ResiliencePolicy} read from the store's options. Turned off by
 * {@code resilience.enabled=false}. Stateless and thread-safe.
 */
public final class ResilienceDecorator implements StoreDecorator {

    /** Creates the decorator; called by {@link java.util.ServiceLoader}. */
    public ResilienceDecorator() {
    }

    @Override
    public String name() {
        return Resilience.DECORATOR_NAME;
    }

    @Override
    public int order() {
        return Resilience.DECORATOR_ORDER;
    }

    /** Every option of {@link ResilienceOptions#all()}. */
    @Override
    public List<Option<?>> options() {
        return ResilienceOptions.all();
    }

    @Override
    public ShortTermMemory decorate(ShortTermMemory store, DecoratorContext context) {
        ResiliencePolicy policy = ResiliencePolicy.fromOptions(context.options());
        return new ResilientShortTermMemory(store, context.backend(), policy,
                context.options().get(MemoryOptions.SHORT_TERM_TTL));
    }

    @Override
    public LongTermMemory decorate(LongTermMemory store, DecoratorContext context) {
        return new ResilientLongTermMemory(store, null, context.backend(),
                ResiliencePolicy.fromOptions(context.options()));
    }

    /** Embeds before the store's attempts, through the store's embedder (resilient with its own policy, see below). */
    @Override
    public LongTermMemory decorate(LongTermMemory store, Embedder embedder, DecoratorContext context) {
        return new ResilientLongTermMemory(store, embedder, context.backend(),
                ResiliencePolicy.fromOptions(context.options()));
    }

    /** Wraps the embedder, except the built-in {@link HashingEmbedder}: it is local, pure and cannot fail. */
    @Override
    public Embedder decorate(Embedder embedder, DecoratorContext context) {
        if (embedder instanceof HashingEmbedder) {
            return embedder;
        }
        return new ResilientEmbedder(embedder, "embedder:" + embedder.getClass().getName(),
                ResiliencePolicy.fromOptions(context.options()));
    }
}
