package dev.agentmemory.spi;

import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryOptions;
import org.jspecify.annotations.Nullable;

/**
 * What a store was opened with, for a {@link StoreDecorator}. Immutable and thread-safe.
 *
 * @param provider the name of the provider that opened the store
 * @param backend the address, with credentials masked
 * @param options the options the store was opened with
 */
public record DecoratorContext(String provider, String backend, MemoryOptions options) {

    /**
     * Checks that every field is given.
     *
     * @param provider the name of the provider that opened the store
     * @param backend the address, with credentials masked
     * @param options the options the store was opened with
     * @throws MemoryConfigurationException if a field is null; the message names it
     */
    public DecoratorContext {
        required("provider", provider);
        required("backend", backend);
        required("options", options);
    }

    private static void required(String what, @Nullable Object value) {
        if (value == null) {
            throw new MemoryConfigurationException("options", "configure", what + " must not be null");
        }
    }
}
