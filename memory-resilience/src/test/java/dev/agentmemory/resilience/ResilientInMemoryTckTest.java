package dev.agentmemory.resilience;

import dev.agentmemory.tck.ProviderTck;
import dev.agentmemory.tck.StoreFixture;
import dev.agentmemory.tck.StoreFixture.Capability;

/**
 * Every TCK suite against {@code mem:}, through the resilience decorator (on the module path here). The network
 * suites are skipped, saying so: the provider has no server.
 */
class ResilientInMemoryTckTest extends ProviderTck {

    @Override
    protected StoreFixture fixture() {
        return StoreFixture.inProcess("mem:", Capability.SHORT_TERM, Capability.LONG_TERM);
    }
}
