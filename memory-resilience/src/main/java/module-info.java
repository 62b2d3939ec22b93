/**
 * Resilience for any agentmemory store and embedder: retries with jittered exponential backoff, a per-attempt
 * timeout, a total time budget, a circuit breaker, a bulkhead and graceful degradation ({@code FAIL},
 * {@code READ_EMPTY}, {@code BUFFER_WRITES}).
 *
 * <p>Having this module on the module path turns resilience on for every store that
 * {@link dev.agentmemory.MemoryStores} opens (the decorator is named {@code resilience}; the option
 * {@code resilience.enabled=false} turns it off). Stores and embedders can also be wrapped by hand with
 * {@link dev.agentmemory.resilience.Resilience}. Failsafe is an implementation detail: none of its types
 * appears in this module's API.
 */
module dev.agentmemory.resilience {
    requires dev.agentmemory.api;
    requires dev.failsafe.core;
    requires jdk.jfr;
    requires static org.jspecify;

    exports dev.agentmemory.resilience;

    provides dev.agentmemory.spi.StoreDecorator with dev.agentmemory.resilience.internal.ResilienceDecorator;
}
