/**
 * The in-memory provider (scheme {@code mem:}): both stores, in this JVM's heap, with the same semantics as the
 * network backends. The embedded default for tests, demos and single-process agents, and the reference
 * implementation the TCK checks first. Nothing survives the JVM.
 */
module dev.agentmemory.inmemory {
    requires dev.agentmemory.api;
    requires static org.jspecify;

    provides dev.agentmemory.spi.MemoryProvider with dev.agentmemory.inmemory.InMemoryProvider;
}
