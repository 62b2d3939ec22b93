/**
 * The agentmemory API: short-term and long-term memory behind one small interface, the error taxonomy,
 * and discovery of providers and decorators through {@link java.util.ServiceLoader}.
 *
 * <p>This module depends on {@code java.base} only. It is the only module that calls
 * {@code ServiceLoader.load}; providers and decorators on the module path are bound by the
 * {@code uses} clauses below, so an application never has to name them.
 */
module dev.agentmemory.api {
    requires static org.jspecify;

    exports dev.agentmemory;
    exports dev.agentmemory.spi;

    uses dev.agentmemory.spi.MemoryProvider;
    uses dev.agentmemory.spi.StoreDecorator;
}
