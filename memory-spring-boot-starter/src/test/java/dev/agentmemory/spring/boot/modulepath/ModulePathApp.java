package dev.agentmemory.spring.boot.modulepath;

import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.util.List;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Run by ModulePathTest in a child JVM whose module path holds the starter jar and its run-time dependencies. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ModulePathApp {

    /**
     * Starts a Boot application from properties alone and prints what it got.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ModulePathApp.class)
                .web(WebApplicationType.NONE).properties("agentmemory.short-term.uri=mem:", "agentmemory.long-term.uri=mem:")
                .run()) {
            ShortTermMemory store = context.getBean(ShortTermMemory.class);
            store.append(SessionRef.of("t", "a", "s"), NewEntry.of("user", "hi"));
            ChatMemoryRepository repository = context.getBean(ChatMemoryRepository.class);
            repository.saveAll("c", List.of(new UserMessage("hello")));
            Module starter = context.getBean("agentMemoryChatMemoryRepository").getClass().getModule();
            System.out.println("starter module " + org.springframework.util.ClassUtils.forName(
                    "dev.agentmemory.spring.boot.AgentMemoryAutoConfiguration", null).getModule().getName()
                    + " named " + starter.isNamed() + " messages " + repository.findByConversationId("c").size());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
