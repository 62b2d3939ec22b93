/** The benchmark driver ({@link dev.agentmemory.bench.BenchMain}): what runs, for how long, against which servers, and where the results go. */
@NullMarked
package dev.agentmemory.bench;

import org.jspecify.annotations.NullMarked;
