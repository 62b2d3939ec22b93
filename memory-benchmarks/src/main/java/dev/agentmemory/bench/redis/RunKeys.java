package dev.agentmemory.bench.redis;

import dev.agentmemory.bench.Servers;

/** Removes every Redis key a run created: all of them start with {@code bench-<run id>-}. Stateless. */
public final class RunKeys {

    private RunKeys() {
    }

    /**
     * @param servers the run
     * @return how many keys were deleted
     */
    public static long deleteAll(Servers servers) {
        try (RawRedis raw = new RawRedis(servers.redisUri(), RedisStores.CLIENT_NAME)) {
            return raw.deleteUnder(servers.redisPrefix(""));
        }
    }
}
