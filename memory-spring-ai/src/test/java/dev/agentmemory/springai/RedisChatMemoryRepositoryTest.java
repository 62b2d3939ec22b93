package dev.agentmemory.springai;

import dev.agentmemory.ShortTermMemory;

/**
 * The chat memory repository over Redis ({@code AGENTMEMORY_TEST_REDIS_URI}; without it, {@code TestServers} starts a container or fails saying how to get a server), under a key prefix
 * of its own; every test uses a fresh scope, and its sessions expire with the store's TTL.
 */
class RedisChatMemoryRepositoryTest extends ChatMemoryRepositoryContract {

    @Override
    ShortTermMemory open() {
        return Stores.redisShortTerm();
    }
}
