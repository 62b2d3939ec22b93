/**
 * Recovery after an outage: injected by the fault proxy (time from healing to the first success, and attempts during
 * the outage, per resilience policy), and under sustained load with real crashes of memory-soak's private servers
 * (refused writes, time from the heal until the write buffer is empty, append latency during the drain, lost and
 * duplicated writes), also on older code in a child JVM.
 */
@NullMarked
package dev.agentmemory.bench.recovery;

import org.jspecify.annotations.NullMarked;
