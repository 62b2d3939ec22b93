package com.example.acme;

import dev.agentmemory.tck.BadInputTck;
import dev.agentmemory.tck.CleanupContractTck;
import dev.agentmemory.tck.IsolationTck;
import dev.agentmemory.tck.ShortTermMemoryTck;
import dev.agentmemory.tck.StoreFixture;
import dev.agentmemory.tck.StoreFixture.Capability;
import org.junit.jupiter.api.Nested;

/** Runs the TCK against the provider of docs/provider-authoring.md, so that the guide's example keeps passing. */
class AcmeTckTest {

    static final StoreFixture FIXTURE = StoreFixture.inProcess("acme:", Capability.SHORT_TERM);

    @Nested
    class ShortTerm extends ShortTermMemoryTck {
        @Override
        protected StoreFixture fixture() {
            return FIXTURE;
        }
    }

    @Nested
    class Isolation extends IsolationTck {
        @Override
        protected StoreFixture fixture() {
            return FIXTURE;
        }
    }

    @Nested
    class BadInput extends BadInputTck {
        @Override
        protected StoreFixture fixture() {
            return FIXTURE;
        }
    }

    @Nested
    class Cleanup extends CleanupContractTck {
        @Override
        protected StoreFixture fixture() {
            return FIXTURE;
        }
    }
}
