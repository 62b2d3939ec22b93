package dev.agentmemory.springai.modulepath;

import dev.agentmemory.HashingEmbedder;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Scope;
import dev.agentmemory.springai.AgentMemoryChatMemoryRepository;
import dev.agentmemory.springai.AgentMemoryEmbeddingModel;
import dev.agentmemory.springai.AgentMemoryVectorStore;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;

/**
 * Run by {@code ModulePathTest} in a child JVM, from the class path (the unnamed module reads every resolved module);
 * in a package of its own, since the module's package belongs to the module on the module path.
 */
public final class ModulePathApp {

    private ModulePathApp() {
    }

    /**
     * Stores two messages and searches a document through the adapter, and prints the modules it ran in.
     *
     * @param args none
     */
    public static void main(String[] args) {
        var repository = new AgentMemoryChatMemoryRepository(MemoryStores.shortTerm("mem:"), new Scope("t", "a"));
        List<Message> messages = List.of(new UserMessage("hi"), new AssistantMessage("hello"));
        repository.saveAll("c", messages);
        if (!repository.findByConversationId("c").equals(messages)) {
            throw new AssertionError(repository.findByConversationId("c"));
        }
        HashingEmbedder embedder = new HashingEmbedder(32);
        VectorStore store = AgentMemoryVectorStore.builder(
                MemoryStores.longTerm("mem:", MemoryOptions.of("embedding.dimension", "32"), embedder), new Scope("t", "a"),
                new AgentMemoryEmbeddingModel(embedder)).build();
        store.add(List.of(new Document("snow in Oslo"), new Document("sun in Rome")));
        List<Document> hits = store.similaritySearch(SearchRequest.builder().query("snow in Oslo").topK(1)
                .filterExpression("year != 3").build());
        if (hits.size() != 1 || !hits.get(0).getText().equals("snow in Oslo")) {
            throw new AssertionError(hits);
        }
        // Spring Framework's logging (Commons Logging, an explicit module that only this module's requires resolves).
        new org.springframework.core.log.LogAccessor(ModulePathApp.class).debug("module path");
        System.out.println(AgentMemoryVectorStore.class.getModule().getName() + " "
                + Message.class.getModule().getName() + " " + Message.class.getModule().getDescriptor().isAutomatic()
                + " " + VectorStore.class.getModule().getName() + " " + Document.class.getModule().getName());
    }
}
