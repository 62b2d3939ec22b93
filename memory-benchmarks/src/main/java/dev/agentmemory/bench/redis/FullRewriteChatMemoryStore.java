package dev.agentmemory.bench.redis;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.time.Duration;
import java.util.List;
import org.redisson.api.RedissonClient;

/**
 * The way LangChain4j's Redis chat memory store (langchain4j-community-redis) works, as the baseline of the chat
 * memory benchmark: a memory id's whole message list is one value, the JSON of LangChain4j's own
 * {@link ChatMessageSerializer}; {@link #getMessages} reads it ({@code GET}), and {@link #updateMessages}, which
 * {@code MessageWindowChatMemory} calls with the whole window on every added message, writes it all back
 * ({@code SET}, here with the same sliding TTL as the provider's sessions). A {@link FullRewriteHistory} of chat
 * messages. Thread-safe.
 */
final class FullRewriteChatMemoryStore implements ChatMemoryStore {

    private final FullRewriteHistory<ChatMessage> history;
    private final String prefix;

    /**
     * @param client the Redisson client (string codec)
     * @param prefix the key prefix: a memory id's value is at {@code prefix:memoryId}
     * @param ttl the TTL each write sets
     */
    FullRewriteChatMemoryStore(RedissonClient client, String prefix, Duration ttl) {
        // The window is MessageWindowChatMemory's: the store keeps whatever list it is given.
        this.history = new FullRewriteHistory<>(client, Integer.MAX_VALUE, ttl, ChatMessageDeserializer::messagesFromJson,
                ChatMessageSerializer::messagesToJson);
        this.prefix = prefix;
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        return history.history(key(memoryId));
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        history.replace(key(memoryId), messages);
    }

    @Override
    public void deleteMessages(Object memoryId) {
        history.delete(key(memoryId));
    }

    private String key(Object memoryId) {
        return prefix + ":" + memoryId;
    }
}
