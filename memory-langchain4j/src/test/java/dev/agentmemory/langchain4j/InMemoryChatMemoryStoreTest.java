package dev.agentmemory.langchain4j;

import dev.agentmemory.MemoryStores;
import dev.agentmemory.ShortTermMemory;

/** The chat memory store over {@code mem:}. */
class InMemoryChatMemoryStoreTest extends ChatMemoryStoreContract {

    @Override
    ShortTermMemory open() {
        return MemoryStores.shortTerm("mem:");
    }
}
