package dev.agentmemory.tck;

import dev.agentmemory.tck.StoreFixture.Capability;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The capabilities a suite (on its class) or a test (on its method) needs. {@link CapabilityCondition} skips what the
 * fixture cannot run before it starts, with the missing capability as the reason.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@interface RequiresCapability {

    /** @return every capability needed */
    Capability[] value();
}
