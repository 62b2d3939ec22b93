/** Short-term memory on Redis: the provider, with and without the resilience decorator, against the same Lua script sent with Redisson directly (the raw floor) and against a full-rewrite store. */
@NullMarked
package dev.agentmemory.bench.redis;

import org.jspecify.annotations.NullMarked;
