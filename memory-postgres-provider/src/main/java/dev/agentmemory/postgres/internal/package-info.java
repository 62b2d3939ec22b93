/**
 * The provider's vector arithmetic, exported only to {@code dev.agentmemory.bench} so that the benchmarks' JDBC
 * baseline encodes and projects vectors with the provider's own code instead of a copy that could drift from what
 * it is measured against. Not an API: applications cannot read this package.
 */
@NullMarked
package dev.agentmemory.postgres.internal;

import org.jspecify.annotations.NullMarked;
