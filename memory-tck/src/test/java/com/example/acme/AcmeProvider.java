package com.example.acme;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.Option;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.spi.MemoryProvider;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Serves {@code acme:} URIs with an in-process short-term store. */
public final class AcmeProvider implements MemoryProvider {

    /** Called by ServiceLoader. */
    public AcmeProvider() {
    }

    @Override
    public String name() {
        return "acme";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("acme");
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.SHORT_TERM);
    }

    @Override
    public ShortTermMemory openShortTerm(String uri, MemoryOptions options) {
        // Validate the configuration now: a bad value throws MemoryConfigurationException naming the option.
        Duration ttl = options.get(MemoryOptions.SHORT_TERM_TTL);
        int maxEntries = options.get(MemoryOptions.SHORT_TERM_MAX_ENTRIES);
        return new AcmeShortTermMemory(ttl, maxEntries);
    }

    @Override
    public List<Option<?>> options() {
        return List.of(MemoryOptions.SHORT_TERM_TTL, MemoryOptions.SHORT_TERM_MAX_ENTRIES);
    }
}
