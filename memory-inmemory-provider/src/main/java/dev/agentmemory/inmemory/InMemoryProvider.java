package dev.agentmemory.inmemory;

import dev.agentmemory.Embedder;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.Option;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.spi.MemoryProvider;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Provider for {@code mem:} URIs. Every open returns a new, empty store; nothing is shared between stores and
 * nothing survives the JVM.
 *
 * <p>Options: {@code short-term.ttl} (default {@link MemoryDefaults#SHORT_TERM_TTL}) and
 * {@code short-term.max-entries} (default {@value MemoryDefaults#SHORT_TERM_MAX_ENTRIES}).
 * Thread-safe.
 */
public final class InMemoryProvider implements MemoryProvider {

    /** Created by {@link java.util.ServiceLoader}. */
    public InMemoryProvider() {
    }

    @Override
    public String name() {
        return "inmemory";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("mem");
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    /** The shared short-term options; the long-term store has none. */
    @Override
    public List<Option<?>> options() {
        return List.of(MemoryOptions.SHORT_TERM_TTL, MemoryOptions.SHORT_TERM_MAX_ENTRIES);
    }

    @Override
    public ShortTermMemory openShortTerm(String uri, MemoryOptions options) {
        return new InMemoryShortTermMemory(options.get(MemoryOptions.SHORT_TERM_TTL),
                options.get(MemoryOptions.SHORT_TERM_MAX_ENTRIES), Clock.systemUTC());
    }

    @Override
    public LongTermMemory openLongTerm(String uri, MemoryOptions options, Embedder embedder) {
        return new InMemoryLongTermMemory(embedder, Clock.systemUTC());
    }

    @Override
    public String toString() {
        return "InMemoryProvider[mem:]";
    }
}
