/** Long-term memory on PostgreSQL: store and search through the provider against hand-written JDBC doing the same queries, on clustered 384-dimension vectors. */
@NullMarked
package dev.agentmemory.bench.postgres;

import org.jspecify.annotations.NullMarked;
