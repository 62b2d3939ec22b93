package dev.agentmemory.langchain4j;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.ShortTermMemory;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The chat memory store over Redis ({@code AGENTMEMORY_TEST_REDIS_URI}, skipped when not set), under a key prefix of
 * its own; every test uses a fresh scope, and its sessions expire with the store's TTL.
 */
class RedisChatMemoryStoreTest extends ChatMemoryStoreContract {

    @Override
    ShortTermMemory open(int maxEntries) {
        String uri = System.getenv("AGENTMEMORY_TEST_REDIS_URI");
        Assumptions.assumeTrue(uri != null && !uri.isBlank(), "AGENTMEMORY_TEST_REDIS_URI is not set");
        return MemoryStores.shortTerm(uri, MemoryOptions.of(Map.of("redis.key-prefix", "amt-lc4j:", "short-term.ttl", "10m",
                "short-term.max-entries", Integer.toString(maxEntries))));
    }
}
