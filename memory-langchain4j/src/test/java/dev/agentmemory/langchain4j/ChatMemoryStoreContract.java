package dev.agentmemory.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.Scope;
import dev.agentmemory.ShortTermMemory;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chat memory store's tests, run against each backend by a subclass. */
abstract class ChatMemoryStoreContract {

    private ShortTermMemory memory;
    private final Scope scope = Stores.freshScope();
    private AgentMemoryChatMemoryStore store;

    /** Opens the backend's short-term store, with the default session window. */
    ShortTermMemory open() {
        return open(MemoryDefaults.SHORT_TERM_MAX_ENTRIES);
    }

    /**
     * Opens the backend's short-term store.
     *
     * @param maxEntries the session window, {@code short-term.max-entries}
     */
    abstract ShortTermMemory open(int maxEntries);

    @BeforeEach
    void setUp() {
        memory = open();
        store = new AgentMemoryChatMemoryStore(memory, scope);
    }

    @AfterEach
    void tearDown() {
        if (memory != null) {
            memory.close();
        }
    }

    private List<MemoryEntry> stored(Object memoryId) {
        return memory.recent(scope.session(AgentMemoryChatMemoryStore.sessionId(memoryId)), 100_000);
    }

    /**
     * Every turn of a conversation that kept its system message is stored once; the system message once, and copied
     * forward at most once per window's worth of turns (so that the session's own trim never drops it).
     */
    private void assertStoredOnce(String memoryId, int turns, int window) {
        List<MemoryEntry> entries = stored(memoryId);
        long system = entries.stream().filter(e -> e.role().equals("SYSTEM")).count();
        assertEquals(turns, entries.size() - system, "each turn once: " + entries);
        assertTrue(system >= 1 && system <= 1 + turns / (window - 1), "the system message, and a copy at most every "
                + (window - 1) + " turns: " + system);
    }

    static List<ChatMessage> everyType() {
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("kind", "note");
        custom.put("count", 3);
        return List.of(
                SystemMessage.from("You are terse."),
                UserMessage.from(TextContent.from("What is in this picture?"),
                        ImageContent.from("https://example.com/cat.png"), TextContent.from("Answer in French.")),
                UserMessage.from("klaus", "Hello, I am Klaus."),
                AiMessage.from("Let me look.", List.of(
                        ToolExecutionRequest.builder().id("call-1").name("weather").arguments("{\"city\":\"Oslo\"}").build(),
                        ToolExecutionRequest.builder().id("call-2").name("time").arguments("{}").build())),
                ToolExecutionResultMessage.from("call-1", "weather", "-3 °C, snow"),
                ToolExecutionResultMessage.from("call-2", "time", "12:00"),
                AiMessage.from("Il neige à Oslo."),
                CustomMessage.from(custom));
    }

    @Test
    void everyMessageTypeRoundTripsExactly() {
        List<ChatMessage> messages = everyType();
        store.updateMessages("conv-1", messages);
        assertEquals(messages, store.getMessages("conv-1"));
        assertEquals(messages.size(), stored("conv-1").size());
    }

    @Test
    void aRepeatedUpdateStoresNothingTwice() {
        List<ChatMessage> messages = everyType();
        store.updateMessages("conv-1", messages.subList(0, 3));
        store.updateMessages("conv-1", messages.subList(0, 3));
        store.updateMessages("conv-1", messages);
        store.updateMessages("conv-1", messages);
        assertEquals(messages.size(), stored("conv-1").size());
        assertEquals(messages, store.getMessages("conv-1"));
        Set<String> ids = new HashSet<>();
        stored("conv-1").forEach(e -> ids.add(e.id()));
        assertEquals(messages.size(), ids.size());
    }

    @Test
    void theSameMessageTwiceInAConversationIsStoredTwice() {
        List<ChatMessage> messages = List.of(UserMessage.from("ok"), AiMessage.from("fine"), UserMessage.from("ok"));
        store.updateMessages("c", messages.subList(0, 2));
        store.updateMessages("c", messages);
        assertEquals(messages, store.getMessages("c"));
        assertEquals(3, stored("c").size());
    }

    @Test
    void aWindowThatEvictsAppendsEachMessageOnceAndReturnsTheWindow() {
        ChatMemory chat = MessageWindowChatMemory.builder().id("win").maxMessages(4).chatMemoryStore(store).build();
        chat.add(SystemMessage.from("Be brief."));
        for (int i = 0; i < 10; i++) {
            chat.add(UserMessage.from("question " + i));
            chat.add(AiMessage.from("answer " + i));
        }
        assertEquals(4, chat.messages().size());
        assertEquals(chat.messages(), store.getMessages("win"));
        assertEquals(SystemMessage.from("Be brief."), chat.messages().get(0));
        assertStoredOnce("win", 20, 4);
    }

    @Test
    void aReplacedSystemMessageIsReturnedInsteadOfTheOldOne() {
        ChatMemory chat = MessageWindowChatMemory.builder().id("sys").maxMessages(10).chatMemoryStore(store).build();
        chat.add(SystemMessage.from("Be brief."));
        chat.add(UserMessage.from("hi"));
        chat.add(AiMessage.from("hello"));
        chat.add(SystemMessage.from("Be verbose."));
        chat.add(UserMessage.from("how are you?"));
        List<ChatMessage> messages = chat.messages();
        assertTrue(messages.contains(SystemMessage.from("Be verbose.")), messages.toString());
        assertFalse(messages.contains(SystemMessage.from("Be brief.")), messages.toString());
        assertEquals(4, messages.size(), messages.toString());
        assertEquals(messages, store.getMessages("sys"));
        assertEquals(5, stored("sys").size());
    }

    @Test
    void aListThatDoesNotExtendTheStoredOneIsAppendedToIt() {
        store.updateMessages("c", List.of(UserMessage.from("a"), AiMessage.from("b")));
        store.updateMessages("c", List.of(UserMessage.from("x"), AiMessage.from("y")));
        assertEquals(List.of(UserMessage.from("a"), AiMessage.from("b"), UserMessage.from("x"), AiMessage.from("y")),
                store.getMessages("c"));
        assertEquals(4, stored("c").size());
    }

    @Test
    void aWindowThatKeepsItsSystemMessageReturnsExactlyTheWindowAfterManyTurns() {
        ChatMemory chat = MessageWindowChatMemory.builder().id("w").maxMessages(3).chatMemoryStore(store).build();
        chat.add(SystemMessage.from("S"));
        for (int i = 0; i < 6; i++) {
            chat.add(UserMessage.from("ok"));
            chat.add(AiMessage.from("x" + i));
            assertEquals(chat.messages(), store.getMessages("w"));
        }
        assertEquals(List.of(SystemMessage.from("S"), UserMessage.from("ok"), AiMessage.from("x5")), store.getMessages("w"));
        assertStoredOnce("w", 12, 3);
    }

    /**
     * Regression: once a conversation outgrew the session's own window ({@code short-term.max-entries}), the session
     * trimmed its oldest entry, the system message, and every later read returned the window without it.
     */
    @Test
    void theSystemMessageSurvivesASessionThatTrimsItsOldestEntries() {
        int window = 20;
        try (ShortTermMemory small = open(window + 2)) {
            AgentMemoryChatMemoryStore trimmed = new AgentMemoryChatMemoryStore(small, scope);
            ChatMemory chat = MessageWindowChatMemory.builder().id("long").maxMessages(window).chatMemoryStore(trimmed).build();
            chat.add(SystemMessage.from("S"));
            List<ChatMessage> sent = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                ChatMessage m = i % 2 == 0 ? UserMessage.from("u" + i) : AiMessage.from("a" + i);
                chat.add(m);
                sent.add(m);
            }
            List<ChatMessage> expected = new ArrayList<>();
            expected.add(SystemMessage.from("S"));
            expected.addAll(sent.subList(sent.size() - (window - 1), sent.size()));
            assertEquals(expected, trimmed.getMessages("long"));
            assertEquals(expected, chat.messages());
        }
    }

    @Test
    void deleteAndAnEmptyListClear() {
        store.updateMessages("c", everyType());
        store.deleteMessages("c");
        assertEquals(List.of(), store.getMessages("c"));
        store.updateMessages("c", everyType());
        store.updateMessages("c", List.of());
        assertEquals(List.of(), store.getMessages("c"));
        store.updateMessages("c", everyType());
        assertEquals(everyType(), store.getMessages("c"));
    }

    @Test
    void memoryIdsThatAreNotSessionIdsNeverReachAnotherSession() {
        String hashed = AgentMemoryChatMemoryStore.sessionId("user 42/chat");
        assertTrue(hashed.startsWith(AgentMemoryChatMemoryStore.HASHED_PREFIX), hashed);
        assertEquals("user-42", AgentMemoryChatMemoryStore.sessionId("user-42"));
        assertEquals(AgentMemoryChatMemoryStore.HASHED_PREFIX.length() + 64, hashed.length());
        // An id that looks like a hashed one is hashed too, so it cannot be another memory id's session.
        assertNotEquals(hashed, AgentMemoryChatMemoryStore.sessionId(hashed));
        assertEquals("42", AgentMemoryChatMemoryStore.sessionId(42));

        store.updateMessages("user 42/chat", List.of(UserMessage.from("mine")));
        store.updateMessages(hashed, List.of(UserMessage.from("theirs")));
        store.updateMessages("a".repeat(500), List.of(UserMessage.from("long")));
        assertEquals(List.of(UserMessage.from("mine")), store.getMessages("user 42/chat"));
        assertEquals(List.of(UserMessage.from("theirs")), store.getMessages(hashed));
        assertEquals(List.of(UserMessage.from("long")), store.getMessages("a".repeat(500)));
    }

    @Test
    void twoThreadsThroughMessageWindowChatMemoryLoseNothing() throws Exception {
        int perThread = 30;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String thread : List.of("A", "B")) {
                done.add(pool.submit(() -> {
                    ChatMemory chat = MessageWindowChatMemory.builder().id("shared").maxMessages(1000)
                            .chatMemoryStore(store).build();
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        chat.add(UserMessage.from(thread + " " + i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<ChatMessage> messages = store.getMessages("shared");
        assertEquals(2 * perThread, messages.size(), messages.toString());
        assertEquals(2 * perThread, new HashSet<>(messages).size());
        for (String thread : List.of("A", "B")) {
            List<String> own = new ArrayList<>();
            for (ChatMessage m : messages) {
                String text = ((UserMessage) m).singleText();
                if (text.startsWith(thread + " ")) {
                    own.add(text);
                }
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                expected.add(thread + " " + i);
            }
            assertEquals(expected, own, "each thread's messages in its order");
        }
        assertEquals(2 * perThread, stored("shared").size());
    }
}
