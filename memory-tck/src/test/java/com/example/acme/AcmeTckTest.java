package com.example.acme;

import dev.agentmemory.tck.ProviderTck;
import dev.agentmemory.tck.StoreFixture;
import dev.agentmemory.tck.StoreFixture.Capability;

/** Every TCK suite against the provider of docs/provider-authoring.md, so that the guide's example keeps passing. */
class AcmeTckTest extends ProviderTck {

    static final StoreFixture FIXTURE = StoreFixture.inProcess("acme:", Capability.SHORT_TERM);

    @Override
    protected StoreFixture fixture() {
        return FIXTURE;
    }
}
