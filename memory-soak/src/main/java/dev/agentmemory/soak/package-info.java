/**
 * The soak run behind {@code bin/soak}: writers and readers against short-term memory on a private Redis and a
 * private PostgreSQL, and long-term memory on the PostgreSQL, through the resilience decorator in
 * {@code BUFFER_WRITES} mode, while each server is crashed and restarted at random moments; then the stores are
 * closed (flushing the write buffer), read back directly and checked against what every writer was told.
 */
@NullMarked
package dev.agentmemory.soak;

import org.jspecify.annotations.NullMarked;
