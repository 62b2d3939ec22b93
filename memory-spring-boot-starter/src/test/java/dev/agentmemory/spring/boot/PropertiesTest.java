package dev.agentmemory.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryClosedException;
import dev.agentmemory.NewEntry;
import dev.agentmemory.Scope;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.springai.AgentMemoryChatMemoryRepository;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/** What the properties decide, on {@code mem:}: options, scope, which beans exist, and that the context closes them. */
class PropertiesTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    /** An application with a chat memory repository of its own. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class OwnRepositoryApp {
        @Bean
        ChatMemoryRepository ownRepository() {
            return new InMemoryChatMemoryRepository();
        }
    }

    private static ConfigurableApplicationContext run(Class<?> app, Map<String, Object> properties) {
        return new SpringApplicationBuilder(app).web(WebApplicationType.NONE).properties(properties).run();
    }

    @Test
    void optionsAndScopeComeFromTheProperties() {
        ShortTermMemory store;
        try (ConfigurableApplicationContext context = run(App.class, Map.of("agentmemory.short-term.uri", "mem:",
                "agentmemory.short-term.max-entries", "3", "agentmemory.tenant", "acme", "agentmemory.agent", "bot"))) {
            store = context.getBean(ShortTermMemory.class);
            SessionRef session = SessionRef.of("acme", "bot", "s");
            for (int i = 0; i < 5; i++) {
                store.append(session, NewEntry.of("user", "m" + i));
            }
            assertEquals(3, store.recent(session, 100).size(), "short-term.max-entries=3");

            ChatMemoryRepository repository = context.getBean(ChatMemoryRepository.class);
            repository.saveAll("c1", List.of(new UserMessage("hello")));
            String sessionId = AgentMemoryChatMemoryRepository.sessionId("c1");
            assertFalse(store.recent(new Scope("acme", "bot").session(sessionId), 10).isEmpty(), "in scope acme/bot");
            assertTrue(store.recent(new Scope("default", "default").session(sessionId), 10).isEmpty());
            assertTrue(context.getBeansOfType(LongTermMemory.class).isEmpty(), "no long-term.uri, no long-term store");
            assertTrue(context.getBeansOfType(VectorStore.class).isEmpty());
        }
        ShortTermMemory closed = store;
        assertThrows(MemoryClosedException.class, () -> closed.recent(SessionRef.of("acme", "bot", "s"), 1),
                "closed with the context");
    }

    @Test
    void anApplicationsOwnBeanWins() {
        try (ConfigurableApplicationContext context = run(OwnRepositoryApp.class, Map.of("agentmemory.short-term.uri",
                "mem:", "agentmemory.long-term.uri", "mem:"))) {
            assertSame(context.getBean("ownRepository"), context.getBean(ChatMemoryRepository.class));
            assertInstanceOf(ShortTermMemory.class, context.getBean(ShortTermMemory.class));
            assertEquals(1, context.getBeansOfType(VectorStore.class).size());
        }
    }

    @Test
    void withoutUrisNoStoreIsOpened() {
        try (ConfigurableApplicationContext context = run(App.class, Map.of())) {
            assertTrue(context.getBeansOfType(ShortTermMemory.class).isEmpty());
            assertTrue(context.getBeansOfType(ChatMemoryRepository.class).isEmpty());
        }
    }
}
