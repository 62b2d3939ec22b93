package dev.agentmemory.inmemory;

import dev.agentmemory.Embedder;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.spi.MemoryProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
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

    @Override
    public ShortTermMemory openShortTerm(String uri, MemoryOptions options) {
        Duration ttl = options.getDuration(MemoryOptions.SHORT_TERM_TTL, MemoryDefaults.SHORT_TERM_TTL);
        int maxEntries = options.getInt(MemoryOptions.SHORT_TERM_MAX_ENTRIES, MemoryDefaults.SHORT_TERM_MAX_ENTRIES,
                1, 100_000);
        return new InMemoryShortTermMemory(ttl, maxEntries, Clock.systemUTC());
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
