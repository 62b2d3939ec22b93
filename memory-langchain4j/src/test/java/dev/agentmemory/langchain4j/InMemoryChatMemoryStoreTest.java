package dev.agentmemory.langchain4j;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.ShortTermMemory;

/** The chat memory store over {@code mem:}. */
class InMemoryChatMemoryStoreTest extends ChatMemoryStoreContract {

    @Override
    ShortTermMemory open(int maxEntries) {
        return MemoryStores.shortTerm("mem:", MemoryOptions.of("short-term.max-entries", Integer.toString(maxEntries)));
    }
}
