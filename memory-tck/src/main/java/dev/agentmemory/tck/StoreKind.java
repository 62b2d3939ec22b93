package dev.agentmemory.tck;

/**
 * The two kinds of store. Suites whose contract holds for both (connection, retry, cleanup) run once per kind; a
 * kind the provider does not open is skipped with a reason.
 */
public enum StoreKind {
    /** {@link dev.agentmemory.ShortTermMemory}. */
    SHORT_TERM,
    /** {@link dev.agentmemory.LongTermMemory}. */
    LONG_TERM
}
