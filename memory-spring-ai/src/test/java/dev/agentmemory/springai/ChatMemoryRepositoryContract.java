package dev.agentmemory.springai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryEntry;
import dev.agentmemory.Scope;
import dev.agentmemory.ShortTermMemory;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.content.MediaContent;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/** The chat memory repository's tests, run against each backend by a subclass. */
abstract class ChatMemoryRepositoryContract {

    private ShortTermMemory memory;
    private final Scope scope = Stores.freshScope();
    private AgentMemoryChatMemoryRepository repository;

    /** Opens the backend's short-term store. */
    abstract ShortTermMemory open();

    @BeforeEach
    void setUp() {
        memory = open();
        repository = new AgentMemoryChatMemoryRepository(memory, scope);
    }

    @AfterEach
    void tearDown() {
        if (memory != null) {
            memory.close();
        }
    }

    private List<MemoryEntry> stored(String conversationId) {
        return memory.recent(scope.session(AgentMemoryChatMemoryRepository.sessionId(conversationId)), 100_000);
    }

    private long storedMessages(String conversationId) {
        return stored(conversationId).stream().filter(e -> !e.role().equals(AgentMemoryChatMemoryRepository.MARKER_ROLE))
                .count();
    }

    static List<Message> everyType() throws Exception {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("int", 3);
        meta.put("long", 4L);
        meta.put("double", 0.1);
        meta.put("float", 0.1f);
        meta.put("bool", true);
        meta.put("text", "x");
        meta.put("uuid", UUID.fromString("0b7c2f9e-3a55-4c1f-9d3b-2f1e5a6b7c8d"));
        meta.put("when", Instant.parse("2026-12-07T10:15:30.123456Z"));
        meta.put("decimal", new BigDecimal("12.50"));
        meta.put("list", List.of(1, "two", 3.0));
        meta.put("map", Map.of("a", 1L, "b", List.of(false)));
        meta.put("none", null);
        return List.of(
                SystemMessage.builder().text("You are terse.").metadata(Map.of("version", 2)).build(),
                UserMessage.builder().text("What is in these?").metadata(meta).media(List.of(
                        Media.builder().mimeType(MimeTypeUtils.IMAGE_PNG).data(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, -1})
                                .id("img-1").name("cat.png").build(),
                        Media.builder().mimeType(MimeType.valueOf("text/plain")).data("inline text").name("note").build(),
                        Media.builder().mimeType(MimeTypeUtils.IMAGE_JPEG).data(URI.create("https://example.com/dog.jpg").toURL())
                                .name("dog").build())).build(),
                new UserMessage("Hello, I am Klaus."),
                AssistantMessage.builder().content("Let me look.").properties(Map.of("finishReason", "TOOL_CALLS", "index", 0))
                        .toolCalls(List.of(new AssistantMessage.ToolCall("call-1", "function", "weather", "{\"city\":\"Oslo\"}"),
                                new AssistantMessage.ToolCall("call-2", "function", "time", "{}"))).build(),
                ToolResponseMessage.builder().responses(List.of(
                        new ToolResponseMessage.ToolResponse("call-1", "weather", "-3 °C, snow"),
                        new ToolResponseMessage.ToolResponse("call-2", "time", "12:00"))).metadata(Map.of("ms", 12L)).build(),
                AssistantMessage.builder().content(null).build(),
                new AssistantMessage("Il neige à Oslo."));
    }

    @Test
    void everyMessageTypeRoundTripsExactly() throws Exception {
        List<Message> messages = everyType();
        repository.saveAll("conv-1", messages);
        List<Message> read = repository.findByConversationId("conv-1");
        assertEquals(messages, read);
        for (int i = 0; i < messages.size(); i++) {
            assertEquals(messages.get(i).getClass(), read.get(i).getClass());
            assertEquals(messages.get(i).getMetadata(), read.get(i).getMetadata(), "metadata of message " + i);
            for (Map.Entry<String, Object> e : messages.get(i).getMetadata().entrySet()) {
                Object back = read.get(i).getMetadata().get(e.getKey());
                if (!(e.getValue() instanceof List || e.getValue() instanceof Map)) { // collections: equal is enough
                    assertEquals(e.getValue() == null ? null : e.getValue().getClass(), back == null ? null : back.getClass(),
                            "type of metadata " + e.getKey());
                }
            }
            // Spring AI's Media has no equals (and UserMessage's equals ignores media): compare them field by field.
            if (messages.get(i) instanceof MediaContent original) {
                List<Media> expected = original.getMedia();
                List<Media> actual = ((MediaContent) read.get(i)).getMedia();
                assertEquals(expected.size(), actual.size());
                for (int m = 0; m < expected.size(); m++) {
                    assertEquals(expected.get(m).getId(), actual.get(m).getId());
                    assertEquals(expected.get(m).getName(), actual.get(m).getName());
                    assertEquals(expected.get(m).getMimeType(), actual.get(m).getMimeType());
                    Object data = expected.get(m).getData();
                    if (data instanceof byte[] bytes) {
                        assertArrayEquals(bytes, actual.get(m).getDataAsByteArray());
                    } else {
                        assertEquals(data.getClass(), actual.get(m).getData().getClass());
                        assertEquals(data instanceof URL ? data.toString() : data,
                                data instanceof URL ? actual.get(m).getData().toString() : actual.get(m).getData());
                    }
                }
            }
        }
        assertEquals(messages.size(), storedMessages("conv-1"));
    }

    @Test
    void aRepeatedSaveStoresNothingTwice() throws Exception {
        List<Message> messages = everyType();
        repository.saveAll("conv-1", messages.subList(0, 3));
        repository.saveAll("conv-1", messages.subList(0, 3));
        repository.saveAll("conv-1", messages);
        repository.saveAll("conv-1", messages);
        assertEquals(messages.size(), stored("conv-1").size());
        assertEquals(messages, repository.findByConversationId("conv-1"));
        Set<String> ids = new HashSet<>();
        stored("conv-1").forEach(e -> ids.add(e.id()));
        assertEquals(messages.size(), ids.size());
    }

    @Test
    void theSameMessageTwiceInAConversationIsStoredTwice() {
        List<Message> messages = List.of(new UserMessage("ok"), new AssistantMessage("fine"), new UserMessage("ok"));
        repository.saveAll("c", messages.subList(0, 2));
        repository.saveAll("c", messages);
        assertEquals(messages, repository.findByConversationId("c"));
        assertEquals(3, stored("c").size());
    }

    @Test
    void aWindowThatEvictsAppendsEachMessageOnceAndReturnsTheWindow() {
        ChatMemory chat = MessageWindowChatMemory.builder().chatMemoryRepository(repository).maxMessages(5).build();
        chat.add("win", new SystemMessage("Be brief."));
        for (int i = 0; i < 10; i++) {
            chat.add("win", new UserMessage("question " + i));
            chat.add("win", new AssistantMessage("answer " + i));
            assertEquals(chat.get("win"), repository.findByConversationId("win"));
        }
        List<Message> window = chat.get("win");
        assertEquals(List.of(new SystemMessage("Be brief."), new UserMessage("question 8"), new AssistantMessage("answer 8"),
                new UserMessage("question 9"), new AssistantMessage("answer 9")), window);
        // 21 messages, each once, and copies of the system message that keep it ahead of the store's trimming.
        assertTrue(storedMessages("win") >= 21 && storedMessages("win") <= 24, storedMessages("win") + " entries");
    }

    @Test
    void aReplacedSystemMessageIsReturnedInsteadOfTheOldOne() {
        ChatMemory chat = MessageWindowChatMemory.builder().chatMemoryRepository(repository).maxMessages(10).build();
        chat.add("sys", new SystemMessage("Be brief."));
        chat.add("sys", new UserMessage("hi"));
        chat.add("sys", new AssistantMessage("hello"));
        chat.add("sys", new SystemMessage("Be verbose."));
        chat.add("sys", new UserMessage("how are you?"));
        List<Message> messages = chat.get("sys");
        assertEquals(List.of(new UserMessage("hi"), new AssistantMessage("hello"), new SystemMessage("Be verbose."),
                new UserMessage("how are you?")), messages);
        assertEquals(5, storedMessages("sys"));
        // Eviction then keeps the new system message where it is and drops the turns before it.
        for (int i = 0; i < 4; i++) {
            chat.add("sys", new UserMessage("q" + i));
            chat.add("sys", new AssistantMessage("a" + i));
            assertEquals(chat.get("sys"), repository.findByConversationId("sys"));
        }
        assertEquals(new SystemMessage("Be verbose."), chat.get("sys").get(0));
        assertFalse(chat.get("sys").contains(new SystemMessage("Be brief.")));
    }

    @Test
    void aHeadSystemMessageOutlivesTheStoresTrimming() {
        // The store keeps 100 entries (short-term.max-entries); 120 messages through a window of 6 push the first
        // entries out, and the system message must survive that.
        ChatMemory chat = MessageWindowChatMemory.builder().chatMemoryRepository(repository).maxMessages(6).build();
        chat.add("long", new SystemMessage("Stay on topic."));
        for (int i = 0; i < 60; i++) {
            chat.add("long", new UserMessage("q" + i));
            chat.add("long", new AssistantMessage("a" + i));
        }
        assertEquals(List.of(new SystemMessage("Stay on topic."), new UserMessage("q58"), new AssistantMessage("a58"),
                new UserMessage("q59"), new AssistantMessage("a59")), repository.findByConversationId("long"));
        assertTrue(stored("long").stream().noneMatch(e -> e.content().contains("\"q0\"")), "the store trimmed the oldest");
    }

    @Test
    void aListThatDropsMessagesOrReordersThemReadsBackExactly() {
        List<Message> all = List.of(new SystemMessage("S"), new UserMessage("u1"), new AssistantMessage("a1"),
                new UserMessage("u2"), new AssistantMessage("a2"));
        repository.saveAll("c", all);
        List<Message> middleDropped = List.of(all.get(0), all.get(1), all.get(3), all.get(4));
        repository.saveAll("c", middleDropped);
        assertEquals(middleDropped, repository.findByConversationId("c"));
        List<Message> reordered = List.of(all.get(3), all.get(1), new UserMessage("u3"));
        repository.saveAll("c", reordered);
        assertEquals(reordered, repository.findByConversationId("c"));
        List<Message> frontDropped = List.of(all.get(1), new UserMessage("u3"));
        repository.saveAll("c", frontDropped);
        assertEquals(frontDropped, repository.findByConversationId("c"));
        long before = stored("c").size();
        repository.saveAll("c", frontDropped);
        assertEquals(before, stored("c").size(), "a repeated save writes nothing, not even a marker");
    }

    @Test
    void aListThatDoesNotExtendTheStoredOneIsAppendedToIt() {
        repository.saveAll("c", List.of(new UserMessage("a"), new AssistantMessage("b")));
        repository.saveAll("c", List.of(new UserMessage("x"), new AssistantMessage("y")));
        assertEquals(List.of(new UserMessage("a"), new AssistantMessage("b"), new UserMessage("x"), new AssistantMessage("y")),
                repository.findByConversationId("c"));
        assertEquals(4, stored("c").size());
    }

    @Test
    void findConversationIdsListsTheConversationsThatHoldMessages() {
        assertEquals(List.of(), repository.findConversationIds());
        repository.saveAll("one", List.of(new UserMessage("a")));
        repository.saveAll("two words", List.of(new UserMessage("b")));
        repository.saveAll("three", List.of(new UserMessage("c")));
        repository.saveAll("one", List.of(new UserMessage("a"), new AssistantMessage("b")));
        assertEquals(List.of("one", "two words", "three"), repository.findConversationIds());
        repository.deleteByConversationId("two words");
        assertEquals(List.of(), repository.findByConversationId("two words"));
        assertEquals(List.of("one", "three"), repository.findConversationIds());
        repository.saveAll("three", List.of());
        assertEquals(List.of("one"), repository.findConversationIds());
        repository.saveAll("two words", List.of(new UserMessage("again")));
        assertEquals(List.of("one", "two words"), repository.findConversationIds());
        // Another scope sees none of them.
        assertEquals(List.of(), new AgentMemoryChatMemoryRepository(memory, Stores.freshScope()).findConversationIds());
    }

    @Test
    void conversationIdsThatAreNotSessionIdsNeverReachAnotherSession() {
        String hashed = AgentMemoryChatMemoryRepository.sessionId("user 42/chat");
        assertTrue(hashed.startsWith(AgentMemoryChatMemoryRepository.HASHED_PREFIX), hashed);
        assertEquals("user-42", AgentMemoryChatMemoryRepository.sessionId("user-42"));
        assertNotEquals(hashed, AgentMemoryChatMemoryRepository.sessionId(hashed));
        assertNotEquals(AgentMemoryChatMemoryRepository.INDEX_SESSION,
                AgentMemoryChatMemoryRepository.sessionId(AgentMemoryChatMemoryRepository.INDEX_SESSION));

        repository.saveAll("user 42/chat", List.of(new UserMessage("mine")));
        repository.saveAll(hashed, List.of(new UserMessage("theirs")));
        repository.saveAll(AgentMemoryChatMemoryRepository.INDEX_SESSION, List.of(new UserMessage("index?")));
        repository.saveAll("a".repeat(500), List.of(new UserMessage("long")));
        assertEquals(List.of(new UserMessage("mine")), repository.findByConversationId("user 42/chat"));
        assertEquals(List.of(new UserMessage("theirs")), repository.findByConversationId(hashed));
        assertEquals(List.of(new UserMessage("index?")),
                repository.findByConversationId(AgentMemoryChatMemoryRepository.INDEX_SESSION));
        assertEquals(List.of(new UserMessage("long")), repository.findByConversationId("a".repeat(500)));
        assertEquals(List.of("user 42/chat", hashed, AgentMemoryChatMemoryRepository.INDEX_SESSION, "a".repeat(500)),
                repository.findConversationIds());
    }

    @Test
    void aMessageThatCannotBeKeptExactlyIsRejectedBeforeAnyWrite() {
        Message odd = UserMessage.builder().text("x").metadata(Map.of("thread", Thread.currentThread())).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> repository.saveAll("c", List.of(new UserMessage("fine"), odd)));
        assertTrue(e.getMessage().contains("thread"), e.getMessage());
        assertEquals(0, stored("c").size());
        assertEquals(List.of(), repository.findConversationIds());

        List<Message> manySystem = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            manySystem.add(new SystemMessage("rule " + i));
        }
        manySystem.add(new UserMessage("hi"));
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> repository.saveAll("c", manySystem));
        assertTrue(tooMany.getMessage().contains("at most 39 system messages"), tooMany.getMessage());
        assertEquals(0, stored("c").size());
        repository.saveAll("c", manySystem.subList(1, 41));
        assertEquals(manySystem.subList(1, 41), repository.findByConversationId("c"));
    }

    @Test
    void twoThreadsThroughAnEvictingWindowStoreEveryMessageOnce() throws Exception {
        int perThread = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String thread : List.of("A", "B")) {
                done.add(pool.submit(() -> {
                    ChatMemory chat = MessageWindowChatMemory.builder().chatMemoryRepository(repository).maxMessages(6)
                            .build();
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        chat.add("evicting", new UserMessage(thread + " " + i));
                        chat.add("evicting", new AssistantMessage("to " + thread + " " + i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Integer> copies = new LinkedHashMap<>();
        for (MemoryEntry e : stored("evicting")) {
            if (!e.role().equals(AgentMemoryChatMemoryRepository.MARKER_ROLE)) {
                copies.merge(MessageCodecAccess.text(e.content()), 1, Integer::sum);
            }
        }
        for (String thread : List.of("A", "B")) {
            for (int i = 0; i < perThread; i++) {
                assertEquals(1, copies.getOrDefault(thread + " " + i, 0), thread + " " + i + " stored once: " + copies);
                assertEquals(1, copies.getOrDefault("to " + thread + " " + i, 0), "to " + thread + " " + i + ": " + copies);
            }
        }
        List<Message> window = repository.findByConversationId("evicting");
        assertTrue(window.size() >= 2 && window.size() <= 12, window.size() + " messages in the window");
        assertTrue(window.stream().anyMatch(m -> m.getText().endsWith(" " + (perThread - 1))), window.toString());
    }

    @Test
    void twoThreadsThroughMessageWindowChatMemoryLoseNothing() throws Exception {
        int perThread = 25;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String thread : List.of("A", "B")) {
                done.add(pool.submit(() -> {
                    ChatMemory chat = MessageWindowChatMemory.builder().chatMemoryRepository(repository).maxMessages(1000)
                            .build();
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        chat.add("shared", new UserMessage(thread + " " + i));
                        chat.add("shared", new AssistantMessage("to " + thread + " " + i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Message> messages = repository.findByConversationId("shared");
        assertEquals(4 * perThread, messages.size(), messages.toString());
        assertEquals(4 * perThread, new HashSet<>(messages).size());
        for (String thread : List.of("A", "B")) {
            List<String> own = new ArrayList<>();
            for (Message m : messages) {
                if (m.getText().startsWith(thread + " ") || m.getText().startsWith("to " + thread + " ")) {
                    own.add(m.getText());
                }
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                expected.add(thread + " " + i);
                expected.add("to " + thread + " " + i);
            }
            assertEquals(expected, own, "each thread's messages in its order");
        }
        assertEquals(4 * perThread, storedMessages("shared"));
    }
}
