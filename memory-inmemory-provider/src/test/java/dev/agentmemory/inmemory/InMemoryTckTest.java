package dev.agentmemory.inmemory;

import dev.agentmemory.tck.ProviderTck;
import dev.agentmemory.tck.StoreFixture;
import dev.agentmemory.tck.StoreFixture.Capability;

/**
 * Every TCK suite against {@code mem:}. The network suites (connection, first use, retry, and the network parts of
 * cleanup and bad input) are skipped with their reason: the provider has no server.
 */
class InMemoryTckTest extends ProviderTck {

    @Override
    protected StoreFixture fixture() {
        return StoreFixture.inProcess("mem:", Capability.SHORT_TERM, Capability.LONG_TERM);
    }
}
