package dev.agentmemory.bench.redis;

import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.bench.Servers;
import dev.agentmemory.faultproxy.FaultProxy;
import dev.agentmemory.langchain4j.AgentMemoryChatMemoryStore;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One LangChain4j conversation of 10, 100 or 1,000 messages driven through {@link MessageWindowChatMemory}, on
 * Redis, with agentmemory's {@link AgentMemoryChatMemoryStore} (over the Redis provider, without the resilience
 * decorator) against {@link FullRewriteChatMemoryStore} (the whole list as JSON, {@code GET} and {@code SET}, the
 * way LangChain4j's community Redis store works). Two windows: one that keeps every message of the conversation,
 * and a realistic one of {@value #REALISTIC_WINDOW} messages. The conversation is a system message, then user and
 * AI messages of 200 characters in turn; every {@code ChatMemory.add} is one {@code getMessages} and one
 * {@code updateMessages} on the store.
 *
 * <p>Latency: the time of each {@code add}, over enough conversations (each its own memory id) for at least
 * {@value #SAMPLES} added messages, after warm-up conversations of {@value #WARM_UP_MESSAGES} messages. Bytes: one conversation through the {@link FaultProxy},
 * after a warm-up conversation, divided by its messages. Outside JMH, like {@link AppendBytes}: a conversation is a
 * sequence whose cost depends on its position, and JMH's invocation would hide that. Before it counts anything, each
 * case checks that the chat memory reads back exactly the window it should hold: a benchmark of a store that lost a
 * message would be worse than none. Stateless.
 */
public final class ChatMemoryConversation {

    /** Messages per conversation. */
    public static final List<Integer> LENGTHS = List.of(10, 100, 1000);
    /** The realistic window, in messages. */
    public static final int REALISTIC_WINDOW = 20;
    /** Added messages timed per case, at least (the full run). */
    public static final int SAMPLES = 3000;
    /** Added messages of the warm-up conversations, at least one conversation. */
    public static final int WARM_UP_MESSAGES = 1000;
    /** The two stores, as the report names them. */
    public static final List<String> STORES = List.of("agentmemory", "full-rewrite");

    private static final dev.agentmemory.Scope SCOPE = new dev.agentmemory.Scope("bench", "chat");

    /**
     * One store, conversation length and window.
     *
     * @param store {@code agentmemory} or {@code full-rewrite}
     * @param messages messages in the conversation
     * @param window MessageWindowChatMemory's maxMessages
     * @param samples added messages timed
     * @param p50Micros median time of one {@code add}
     * @param p99Micros 99th percentile
     * @param meanMicros mean
     * @param bytesSent bytes to Redis per added message
     * @param bytesReceived bytes from Redis per added message
     */
    public record Row(String store, int messages, int window, int samples, double p50Micros, double p99Micros,
                      double meanMicros, double bytesSent, double bytesReceived) {
    }

    private ChatMemoryConversation() {
    }

    /**
     * Measures every store, length and window (the window that keeps all only once for lengths up to
     * {@value #REALISTIC_WINDOW}, where the two are the same). Removes what it wrote.
     *
     * @param servers where Redis is
     * @param smoke only one conversation per case, to check that it runs
     * @return one row per case
     */
    public static List<Row> measure(Servers servers, boolean smoke) {
        List<Row> rows = new ArrayList<>();
        for (int length : LENGTHS) {
            List<Integer> windows = length <= REALISTIC_WINDOW ? List.of(length) : List.of(length, REALISTIC_WINDOW);
            for (int window : windows) {
                for (String store : STORES) {
                    rows.add(measure(servers, store, length, window, smoke ? length : Math.max(SAMPLES, 2 * length)));
                }
            }
        }
        return rows;
    }

    private static Row measure(Servers servers, String store, int length, int window, int samples) {
        String prefix = servers.redisPrefix("chat-" + store.charAt(0) + length + "-" + window);
        try (Store s = Store.open(store, servers.redisUri(), prefix, window)) {
            List<ChatMessage> conversation = conversation(length);
            for (int w = 0; w < Math.max(1, WARM_UP_MESSAGES / length); w++) {
                converse(s.chat, "warm-up-" + w, conversation, window, null);
            }
            int conversations = (samples + length - 1) / length;
            long[] nanos = new long[conversations * length];
            for (int c = 0; c < conversations; c++) {
                long[] one = new long[length];
                converse(s.chat, "t" + c, conversation, window, one);
                System.arraycopy(one, 0, nanos, c * length, length);
            }
            Arrays.sort(nanos);
            double mean = Arrays.stream(nanos).average().orElse(0) / 1e3;
            double[] bytes = bytes(servers, store, prefix + "-b", conversation, window);
            return new Row(store, length, window, nanos.length, percentile(nanos, 0.50) / 1e3,
                    percentile(nanos, 0.99) / 1e3, mean, bytes[0], bytes[1]);
        } finally {
            try (RawRedis raw = new RawRedis(servers.redisUri(), RedisStores.CLIENT_NAME)) {
                raw.deleteUnder(prefix);
            }
        }
    }

    /** Bytes to and from Redis per added message, of one conversation through the fault proxy. */
    private static double[] bytes(Servers servers, String store, String prefix, List<ChatMessage> conversation,
                                  int window) {
        try (FaultProxy proxy = FaultProxy.start(AppendBytes.target(servers));
             Store s = Store.open(store, "redis://" + proxy.host() + ":" + proxy.port(), prefix, window)) {
            converse(s.chat, "warm-up", conversation, window, null);
            FaultProxy.Counters before = proxy.counters();
            converse(s.chat, "counted", conversation, window, null);
            FaultProxy.Counters after = proxy.counters();
            return new double[] {(after.bytesToServer() - before.bytesToServer()) / (double) conversation.size(),
                    (after.bytesToClient() - before.bytesToClient()) / (double) conversation.size()};
        }
    }

    /**
     * Adds the conversation to a new chat memory, timing each add into {@code nanos} if given, then checks what the
     * chat memory reads back.
     */
    private static void converse(ChatMemoryStore store, String memoryId, List<ChatMessage> conversation, int window,
                                 long @Nullable [] nanos) {
        ChatMemory memory = MessageWindowChatMemory.builder().id(memoryId).maxMessages(window).chatMemoryStore(store)
                .build();
        for (int i = 0; i < conversation.size(); i++) {
            long t0 = System.nanoTime();
            memory.add(conversation.get(i));
            long t = System.nanoTime() - t0;
            if (nanos != null && i < nanos.length) {
                nanos[i] = t;
            }
        }
        List<ChatMessage> expected = new ArrayList<>();
        expected.add(conversation.get(0));
        expected.addAll(conversation.subList(Math.max(1, conversation.size() - (window - 1)), conversation.size()));
        List<ChatMessage> held = memory.messages();
        if (!held.equals(expected)) {
            throw new IllegalStateException(store.getClass().getSimpleName() + " lost or changed messages: after "
                    + conversation.size() + " messages with a window of " + window + " the chat memory holds "
                    + held.size() + " messages, expected " + expected.size());
        }
        store.deleteMessages(memoryId);
    }

    /** A system message, then user and AI messages of 200 characters in turn. */
    static List<ChatMessage> conversation(int length) {
        List<ChatMessage> messages = new ArrayList<>(length);
        messages.add(SystemMessage.from("You are a travel assistant. Keep answers short and remember the user's preferences."));
        for (int i = 1; i < length; i++) {
            String text = Turns.content(i);
            messages.add(i % 2 == 1 ? UserMessage.from(text) : AiMessage.from(text));
        }
        return messages;
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** One chat memory store on Redis and what it holds open. */
    private static final class Store implements AutoCloseable {
        final ChatMemoryStore chat;
        private final AutoCloseable resource;

        private Store(ChatMemoryStore chat, AutoCloseable resource) {
            this.chat = chat;
            this.resource = resource;
        }

        static Store open(String store, String uri, String prefix, int window) {
            return switch (store) {
                case "agentmemory" -> {
                    // The store appends and never rewrites; the session trims to its own window, which must hold
                    // the chat memory's window plus two (AgentMemoryChatMemoryStore's Javadoc).
                    ShortTermMemory memory = RedisStores.open(uri, prefix, false, window + 2);
                    yield new Store(new AgentMemoryChatMemoryStore(memory, SCOPE), memory);
                }
                case "full-rewrite" -> {
                    RawRedis raw = new RawRedis(uri, RedisStores.CLIENT_NAME);
                    yield new Store(new FullRewriteChatMemoryStore(raw.client(), prefix, MemoryDefaults.SHORT_TERM_TTL), raw);
                }
                default -> throw new IllegalArgumentException("unknown store '" + store + "'; expected " + STORES);
            };
        }

        @Override
        public void close() {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the store", e);
            }
        }
    }
}
