/**
 * The PostgreSQL provider: {@link dev.agentmemory.postgres.PostgresMemoryProvider}, found by discovery, and
 * {@link dev.agentmemory.postgres.PostgresOptions}, the option keys it reads. Everything else is internal.
 */
@NullMarked
package dev.agentmemory.postgres;

import org.jspecify.annotations.NullMarked;
