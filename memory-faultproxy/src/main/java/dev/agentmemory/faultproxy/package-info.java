/** The fault proxy: {@link dev.agentmemory.faultproxy.FaultProxy}. */
@NullMarked
package dev.agentmemory.faultproxy;

import org.jspecify.annotations.NullMarked;
