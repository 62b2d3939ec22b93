package dev.agentmemory.examples.spring;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;

/**
 * The example's service: a company travel desk that answers employees from the travel policy, the way a Boot
 * application's service uses Spring AI's {@link ChatMemory} and {@link VectorStore}. No chat model is reachable
 * offline, so the desk does not generate answers: its reply is the policy passage that the vector store finds
 * first, quoted and labelled as such. Where a chat model exists, the same chat memory and vector store would feed it
 * (through {@code ChatClient}'s memory and retrieval advisors). Thread-safe (its collaborators are).
 */
public final class TravelDesk {

    /** The metadata key of the passages this desk owns, and its value. */
    static final String SOURCE = "source";
    static final String POLICY = "acme-travel-policy";
    /** The least similarity a passage needs to be quoted. */
    static final double MIN_SCORE = 0.3;

    private static final String SYSTEM = "You are Acme's travel desk. Answer from the company policy only.";

    private final ChatMemory chatMemory;
    private final VectorStore vectorStore;

    TravelDesk(ChatMemory chatMemory, VectorStore vectorStore) {
        this.chatMemory = chatMemory;
        this.vectorStore = vectorStore;
    }

    /** A passage of the policy, with the id it is stored under and its metadata. */
    record Passage(String id, String topic, String region, int year, String text) {
        Document document() {
            return new Document(id, text, Map.of(SOURCE, POLICY, "topic", topic, "region", region, "year", year));
        }
    }

    /** The desk's reply, and the passage it quotes (absent when nothing scored {@link #MIN_SCORE}). */
    record Reply(String text, @Nullable Document passage) {
    }

    /** Removes what an earlier run left: the policy passages (by a filter expression) and the users' conversations. */
    void reset(List<String> users) {
        vectorStore.delete(SOURCE + " == '" + POLICY + "'");
        for (String user : users) {
            chatMemory.clear(user);
        }
    }

    /** Stores the passages in the vector store, which embeds them with the application's embedder. */
    void load(List<Passage> passages) {
        vectorStore.add(passages.stream().map(Passage::document).toList());
    }

    /**
     * @param query what to look for
     * @param filter a Spring AI filter expression in its text syntax, for example {@code region == 'EU'}
     * @param topK how many passages at most
     * @return the passages, best first, each with its score
     */
    List<Document> search(String query, String filter, int topK) {
        return vectorStore.similaritySearch(SearchRequest.builder().query(query).topK(topK)
                .similarityThresholdAll().filterExpression(filter).build());
    }

    /**
     * One turn of a user's conversation: the question goes into the user's chat memory, the policy is searched in the
     * user's region, and the reply (the best passage, quoted) goes into the chat memory after it.
     *
     * @param user the user, who is also the conversation id
     * @param region the user's region; the search keeps passages of that region and of all regions
     * @param question the question
     * @return the reply
     */
    Reply ask(String user, String region, String question) {
        if (chatMemory.get(user).isEmpty()) {
            chatMemory.add(user, new SystemMessage(SYSTEM));
        }
        chatMemory.add(user, new UserMessage(question));
        List<Document> found = vectorStore.similaritySearch(SearchRequest.builder().query(question).topK(1)
                .similarityThreshold(MIN_SCORE).filterExpression("region in ['" + region + "', 'ALL']").build());
        if (found.isEmpty()) {
            String text = "(no policy passage scored " + MIN_SCORE + " or more)";
            chatMemory.add(user, AssistantMessage.builder().content(text).build());
            return new Reply(text, null);
        }
        Document best = found.get(0);
        String text = "Policy " + best.getId() + ": " + best.getText();
        chatMemory.add(user, AssistantMessage.builder().content(text)
                .properties(Map.of("reply", "quoted-policy", "policy", best.getId())).build());
        return new Reply(text, best);
    }

    /** @return the messages the user's chat memory holds now, what a chat model would be sent with the next question */
    List<Message> conversation(String user) {
        return chatMemory.get(user);
    }
}
