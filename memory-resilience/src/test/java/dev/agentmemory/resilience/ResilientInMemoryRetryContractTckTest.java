package dev.agentmemory.resilience;

import dev.agentmemory.tck.RetryContractTck;
import dev.agentmemory.tck.StoreFixture;
import dev.agentmemory.tck.StoreFixture.Capability;

/** The TCK's RetryContract suite against {@code mem:}, through the resilience decorator (on the module path here). */
class ResilientInMemoryRetryContractTckTest extends RetryContractTck {

    @Override
    protected StoreFixture fixture() {
        return StoreFixture.inProcess("mem:", Capability.SHORT_TERM, Capability.LONG_TERM);
    }
}
