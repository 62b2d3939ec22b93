/**
 * The service-provider interface: what a backend or a decorator implements to be found by {@link dev.agentmemory.MemoryStores}.
 */
@NullMarked
package dev.agentmemory.spi;

import org.jspecify.annotations.NullMarked;
