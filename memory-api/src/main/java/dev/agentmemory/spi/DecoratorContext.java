package dev.agentmemory.spi;

import dev.agentmemory.MemoryOptions;

/**
 * What a store was opened with, for a {@link StoreDecorator}. Immutable and thread-safe.
 *
 * @param provider the name of the provider that opened the store
 * @param backend the address, with credentials masked
 * @param options the options the store was opened with
 */
public record DecoratorContext(String provider, String backend, MemoryOptions options) {
}
