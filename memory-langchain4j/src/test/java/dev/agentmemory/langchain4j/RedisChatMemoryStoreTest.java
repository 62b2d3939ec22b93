package dev.agentmemory.langchain4j;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.ShortTermMemory;
import java.util.Map;
import dev.agentmemory.tck.TestServers;

/**
 * The chat memory store over Redis ({@code AGENTMEMORY_TEST_REDIS_URI}; without it, {@code TestServers} starts a container or fails saying how to get a server), under a key prefix of
 * its own; every test uses a fresh scope, and its sessions expire with the store's TTL.
 */
class RedisChatMemoryStoreTest extends ChatMemoryStoreContract {

    @Override
    ShortTermMemory open(int maxEntries) {
        String uri = TestServers.redis().uri();
        return MemoryStores.shortTerm(uri, MemoryOptions.of(Map.of("redis.key-prefix", "amt-lc4j:", "short-term.ttl", "10m",
                "short-term.max-entries", Integer.toString(maxEntries))));
    }
}
