package dev.agentmemory.inmemory;

import dev.agentmemory.tck.LongTermMemoryTck;
import dev.agentmemory.tck.StoreFixture;
import dev.agentmemory.tck.StoreFixture.Capability;

/** The TCK's long-term memory suite against {@code mem:}. */
class InMemoryLongTermMemoryTckTest extends LongTermMemoryTck {

    @Override
    protected StoreFixture fixture() {
        return StoreFixture.inProcess("mem:", Capability.SHORT_TERM, Capability.LONG_TERM);
    }
}
