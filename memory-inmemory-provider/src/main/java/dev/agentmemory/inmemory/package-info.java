/**
 * The in-memory provider. Its only public type is the provider class that {@link java.util.ServiceLoader} loads.
 */
@NullMarked
package dev.agentmemory.inmemory;

import org.jspecify.annotations.NullMarked;
