package dev.agentmemory.inmemory;

import dev.agentmemory.tck.CleanupContractTck;
import dev.agentmemory.tck.StoreFixture;
import dev.agentmemory.tck.StoreFixture.Capability;

/**
 * The TCK's cleanup suite against {@code mem:}: idempotent close, no thread left, MemoryClosedException after close.
 * Its network tests are skipped with their reason (no server).
 */
class InMemoryCleanupContractTckTest extends CleanupContractTck {

    @Override
    protected StoreFixture fixture() {
        return StoreFixture.inProcess("mem:", Capability.SHORT_TERM, Capability.LONG_TERM);
    }
}
