package dev.agentmemory.inmemory;

import dev.agentmemory.tck.IsolationTck;
import dev.agentmemory.tck.StoreFixture;
import dev.agentmemory.tck.StoreFixture.Capability;

/** The TCK's isolation suite against {@code mem:}. */
class InMemoryIsolationTckTest extends IsolationTck {

    @Override
    protected StoreFixture fixture() {
        return StoreFixture.inProcess("mem:", Capability.SHORT_TERM, Capability.LONG_TERM);
    }
}
