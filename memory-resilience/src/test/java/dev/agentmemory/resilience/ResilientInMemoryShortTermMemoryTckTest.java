package dev.agentmemory.resilience;

import dev.agentmemory.tck.ShortTermMemoryTck;
import dev.agentmemory.tck.StoreFixture;
import dev.agentmemory.tck.StoreFixture.Capability;

/** The TCK's ShortTermMemory suite against {@code mem:}, through the resilience decorator (on the module path here). */
class ResilientInMemoryShortTermMemoryTckTest extends ShortTermMemoryTck {

    @Override
    protected StoreFixture fixture() {
        return StoreFixture.inProcess("mem:", Capability.SHORT_TERM, Capability.LONG_TERM);
    }
}
