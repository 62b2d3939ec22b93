/**
 * The in-memory provider (scheme {@code mem:}): both stores, in this JVM's heap, with the same semantics as the
 * network backends. The embedded default for tests, demos and single-process agents, and the reference
 * implementation the TCK checks first. Nothing survives the JVM.
 */
module dev.agentmemory.inmemory {
    requires dev.agentmemory.api;
    requires static org.jspecify;
    // Snowball's English stemmer, as PostgreSQL's english_stem dictionary uses it. The jar has no module descriptor
    // and no Automatic-Module-Name: its module name comes from the file name (snowball-stemmer-<version>.jar, as
    // Maven names it), guarded by the module-path smoke test.
    requires snowball.stemmer;

    provides dev.agentmemory.spi.MemoryProvider with dev.agentmemory.inmemory.InMemoryProvider;
}
