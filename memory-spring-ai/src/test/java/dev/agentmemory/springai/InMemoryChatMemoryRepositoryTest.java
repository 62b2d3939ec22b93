package dev.agentmemory.springai;

import dev.agentmemory.MemoryStores;
import dev.agentmemory.ShortTermMemory;

/** The chat memory repository over {@code mem:}. */
class InMemoryChatMemoryRepositoryTest extends ChatMemoryRepositoryContract {

    @Override
    ShortTermMemory open() {
        return MemoryStores.shortTerm("mem:");
    }
}
