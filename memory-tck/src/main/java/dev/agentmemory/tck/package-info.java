/**
 * Contract suites, the fault proxy and backend fixtures. Start with {@link dev.agentmemory.tck.ProviderTck}, the one
 * entry point, and {@link dev.agentmemory.tck.StoreFixture}.
 */
@NullMarked
package dev.agentmemory.tck;

import org.jspecify.annotations.NullMarked;
