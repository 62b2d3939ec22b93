package dev.agentmemory.inmemory;

import dev.agentmemory.tck.BadInputTck;
import dev.agentmemory.tck.StoreFixture;
import dev.agentmemory.tck.StoreFixture.Capability;

/** The TCK's bad-input suite against {@code mem:}. */
class InMemoryBadInputTckTest extends BadInputTck {

    @Override
    protected StoreFixture fixture() {
        return StoreFixture.inProcess("mem:", Capability.SHORT_TERM, Capability.LONG_TERM);
    }
}
