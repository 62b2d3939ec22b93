/**
 * The Redis short-term memory provider: {@link dev.agentmemory.redis.RedisMemoryProvider}, found by discovery,
 * and {@link dev.agentmemory.redis.RedisOptions}, the names of its own options.
 */
@NullMarked
package dev.agentmemory.redis;

import org.jspecify.annotations.NullMarked;
