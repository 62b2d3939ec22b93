package dev.agentmemory.resilience;

import dev.agentmemory.tck.LongTermMemoryTck;
import dev.agentmemory.tck.StoreFixture;
import dev.agentmemory.tck.StoreFixture.Capability;

/** The TCK's LongTermMemory suite against {@code mem:}, through the resilience decorator (on the module path here). */
class ResilientInMemoryLongTermMemoryTckTest extends LongTermMemoryTck {

    @Override
    protected StoreFixture fixture() {
        return StoreFixture.inProcess("mem:", Capability.SHORT_TERM, Capability.LONG_TERM);
    }
}
