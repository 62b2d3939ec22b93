/**
 * The agentmemory API: scopes, stores, records, the error taxonomy and {@link dev.agentmemory.MemoryStores}.
 */
@NullMarked
package dev.agentmemory;

import org.jspecify.annotations.NullMarked;
