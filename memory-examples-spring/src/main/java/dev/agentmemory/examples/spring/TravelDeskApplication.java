package dev.agentmemory.examples.spring;

import dev.agentmemory.Embedder;
import dev.agentmemory.langchain4j.LangChain4jEmbedder;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The Boot application: memory-spring-boot-starter opens the stores named in {@code application.properties} and
 * gives the application a {@link ChatMemoryRepository} and a {@link VectorStore} over them; this class adds only what
 * an application decides itself. Thread-safe, as Spring configuration classes are.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TravelDeskApplication {

    /** Messages each user's chat memory keeps; the system message stays pinned. */
    static final int WINDOW = 6;

    /** Creates the configuration; Spring calls it. */
    public TravelDeskApplication() {
    }

    /**
     * The long-term store's embedder: the offline all-MiniLM-L6-v2 model (384 dimensions, shipped in its jar),
     * bridged from LangChain4j. The starter backs off its own default (a hashing embedder) for this bean, and the
     * vector store embeds documents and queries with it.
     *
     * @return the embedder
     */
    @Bean
    public Embedder embedder() {
        return new LangChain4jEmbedder(new AllMiniLmL6V2EmbeddingModel());
    }

    /**
     * Spring AI's windowed chat memory over the starter's repository, as Spring AI's own auto-configuration makes it.
     *
     * @param repository the starter's repository over the short-term store
     * @return the chat memory
     */
    @Bean
    public ChatMemory chatMemory(ChatMemoryRepository repository) {
        return MessageWindowChatMemory.builder().chatMemoryRepository(repository).maxMessages(WINDOW).build();
    }

    /**
     * The application's service.
     *
     * @param chatMemory the chat memory
     * @param vectorStore the starter's vector store over the long-term store
     * @return the travel desk
     */
    @Bean
    public TravelDesk travelDesk(ChatMemory chatMemory, VectorStore vectorStore) {
        return new TravelDesk(chatMemory, vectorStore);
    }
}
