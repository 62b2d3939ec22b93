/** Turns measurements into the Markdown table and the two charts. */
@NullMarked
package dev.agentmemory.bench.report;

import org.jspecify.annotations.NullMarked;
