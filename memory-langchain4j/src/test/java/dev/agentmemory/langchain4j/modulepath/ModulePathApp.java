package dev.agentmemory.langchain4j.modulepath;

import dev.agentmemory.MemoryStores;
import dev.agentmemory.Scope;
import dev.agentmemory.langchain4j.AgentMemoryChatMemoryStore;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;

/**
 * Run by {@code ModulePathTest} in a child JVM, from the class path (the unnamed module reads every resolved module);
 * in a package of its own, since the module's package belongs to the module on the module path.
 */
public final class ModulePathApp {

    private ModulePathApp() {
    }

    /**
     * Stores two messages through the adapter and prints the modules it ran in.
     *
     * @param args none
     */
    public static void main(String[] args) {
        var store = new AgentMemoryChatMemoryStore(MemoryStores.shortTerm("mem:"), new Scope("t", "a"));
        List<ChatMessage> messages = List.of(UserMessage.from("hi"), AiMessage.from("hello"));
        store.updateMessages("c", messages);
        if (!store.getMessages("c").equals(messages)) {
            throw new AssertionError(store.getMessages("c"));
        }
        System.out.println(AgentMemoryChatMemoryStore.class.getModule().getName() + " "
                + ChatMessage.class.getModule().getName() + " " + ChatMessage.class.getModule().getDescriptor().isAutomatic());
    }
}
