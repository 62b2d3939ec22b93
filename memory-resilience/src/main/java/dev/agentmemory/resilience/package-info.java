/**
 * Resilience policies for agentmemory stores and embedders: {@link dev.agentmemory.resilience.ResiliencePolicy}
 * (built by a builder or read from options), {@link dev.agentmemory.resilience.Resilience} to wrap by hand,
 * {@link dev.agentmemory.resilience.ResilienceListener} to observe retries, circuit changes and degradation.
 */
@NullMarked
package dev.agentmemory.resilience;

import org.jspecify.annotations.NullMarked;
