/** Recovery after an outage injected by the fault proxy: time from healing to the first success, and attempts during the outage, per resilience policy. */
@NullMarked
package dev.agentmemory.bench.recovery;

import org.jspecify.annotations.NullMarked;
