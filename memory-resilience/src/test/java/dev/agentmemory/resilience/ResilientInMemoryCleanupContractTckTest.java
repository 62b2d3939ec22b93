package dev.agentmemory.resilience;

import dev.agentmemory.tck.CleanupContractTck;
import dev.agentmemory.tck.StoreFixture;
import dev.agentmemory.tck.StoreFixture.Capability;

/** The TCK's CleanupContract suite against {@code mem:}, through the resilience decorator (on the module path here). */
class ResilientInMemoryCleanupContractTckTest extends CleanupContractTck {

    @Override
    protected StoreFixture fixture() {
        return StoreFixture.inProcess("mem:", Capability.SHORT_TERM, Capability.LONG_TERM);
    }
}
