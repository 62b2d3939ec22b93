/**
 * Implementation of the resilience decorators on Failsafe. Not exported.
 */
@NullMarked
package dev.agentmemory.resilience.internal;

import org.jspecify.annotations.NullMarked;
