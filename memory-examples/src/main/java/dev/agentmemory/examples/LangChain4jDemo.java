package dev.agentmemory.examples;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Scope;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.langchain4j.AgentMemoryChatMemoryStore;
import dev.agentmemory.langchain4j.AgentMemoryEmbeddingStore;
import dev.agentmemory.langchain4j.LangChain4jEmbedder;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.memory.chat.ChatMemoryProvider;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.ModelDisabledException;
import dev.langchain4j.model.chat.DisabledChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A LangChain4j AI service on agentmemory ({@code bin/demo --langchain4j}): its chat memory is a
 * {@link MessageWindowChatMemory} per user over {@link AgentMemoryChatMemoryStore} on Redis, and its retrieval an
 * {@link EmbeddingStoreContentRetriever} over {@link AgentMemoryEmbeddingStore} on PostgreSQL, with the offline
 * {@link AllMiniLmL6V2EmbeddingModel}. No chat model is reachable offline, so the AI service is built with
 * LangChain4j's {@link DisabledChatModel}: each call does everything up to the model (retrieval, augmentation, chat
 * memory) and then fails with LangChain4j's {@code ModelDisabledException}. The demo prints what was stored and
 * recalled, and the messages the chat memory holds (what the AI service would send to a model); it prints no answer,
 * because none was generated.
 *
 * <p>It works in its own namespace ({@code --namespace}: the Redis key prefix and the PostgreSQL schema, default
 * {@value #DEFAULT_NAMESPACE}) and clears what an earlier run left there when it starts, so every run prints the same.
 *
 * <p>Exit codes: 0 done; 1 a backend failed; 2 bad arguments or configuration.
 */
final class LangChain4jDemo {

    static final String DEFAULT_REDIS = "redis://127.0.0.1:6379";
    static final String DEFAULT_POSTGRES = "postgresql://127.0.0.1:5432/test";
    static final String DEFAULT_NAMESPACE = "agentmemory_lc4j_demo";
    /** Messages each user's chat memory keeps (LangChain4j's window; the system message stays pinned). */
    static final int WINDOW = 10;
    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9_]{0,40}");
    private static final Scope SCOPE = new Scope("acme", "travel-concierge");

    /** A segment of the knowledge base, with the id it is stored under. */
    record Fact(String id, String topic, String text) {
    }

    /** A user's question to the AI service, and the fact that should be recalled for it. */
    record Question(String user, String text, String expectedFact) {
    }

    static final List<Fact> KNOWLEDGE = List.of(
            new Fact("policy-hotel", "travel", "Hotels are reimbursed up to 180 euros per night in Europe and 250 dollars in the US."),
            new Fact("policy-flights", "travel", "Flights longer than six hours may be booked in premium economy."),
            new Fact("policy-rail", "travel", "Trips under four hours should be taken by train rather than by plane."),
            new Fact("expenses-receipts", "expenses", "Upload every receipt to the expense tool within 30 days of the trip."),
            new Fact("expenses-meals", "expenses", "Meals on business trips are covered up to 60 euros per day."),
            new Fact("it-laptop", "it", "Laptops must be encrypted and locked whenever they are left unattended."));

    static final List<Question> QUESTIONS = List.of(
            new Question("alice", "How much can I spend on a hotel room in Lisbon?", "policy-hotel"),
            new Question("alice", "By when do I have to hand in my receipts?", "expenses-receipts"),
            new Question("bob", "Can I fly premium economy to Singapore, a thirteen hour flight?", "policy-flights"),
            new Question("alice", "Is there a daily limit for food while travelling?", "expenses-meals"));

    /** The AI service: one chat memory per user, a system message, and retrieval before every call. */
    interface Concierge {
        @dev.langchain4j.service.SystemMessage("You are Acme's travel concierge. Answer from the company policy only.")
        String chat(@MemoryId String user, @dev.langchain4j.service.UserMessage String question);
    }

    private LangChain4jDemo() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String redis = DEFAULT_REDIS;
        String postgres = DEFAULT_POSTGRES;
        String namespace = DEFAULT_NAMESPACE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--redis", "--postgres", "--namespace" -> {
                    if (i + 1 >= args.length) {
                        return usage(err, args[i] + " needs a value");
                    }
                    String value = args[++i];
                    switch (args[i - 1]) {
                        case "--redis" -> redis = value;
                        case "--postgres" -> postgres = value;
                        default -> namespace = value;
                    }
                }
                case "--verbose" -> System.setProperty("agentmemory.log.level", "debug");
                case "--help", "-h" -> {
                    usage(out, null);
                    return 0;
                }
                default -> {
                    return usage(err, "unknown argument: " + args[i]);
                }
            }
        }
        if (!NAMESPACE.matcher(namespace).matches()) {
            return usage(err, "--namespace '" + namespace + "' is not a lower-case identifier of at most 41 characters "
                    + "(it names the Redis key prefix and the PostgreSQL schema), like " + DEFAULT_NAMESPACE);
        }
        System.setProperty("agentmemory.log.level", System.getProperty("agentmemory.log.level", "error"));
        try {
            return converse(redis, postgres, namespace, out);
        } catch (MemoryException e) {
            return ConversationDemo.failed(e, err);
        }
    }

    private static int usage(PrintStream stream, String problem) {
        if (problem != null) {
            stream.println("agentmemory demo: " + problem);
        }
        stream.println("usage: bin/demo --langchain4j [--redis URI] [--postgres URI] [--namespace NAME] [--verbose]");
        stream.println("  --redis      chat memory (default " + DEFAULT_REDIS + ")");
        stream.println("  --postgres   retrieval (default " + DEFAULT_POSTGRES + ")");
        stream.println("  --namespace  Redis key prefix and PostgreSQL schema (default " + DEFAULT_NAMESPACE
                + "); cleared at start");
        return problem == null ? 0 : 2;
    }

    private static int converse(String redisUri, String postgresUri, String namespace, PrintStream out) {
        MemoryOptions options = MemoryOptions.of(Map.of("redis.key-prefix", namespace, "postgres.schema", namespace,
                MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), Integer.toString(WINDOW * 10)));
        EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
        try (ShortTermMemory recent = MemoryStores.shortTerm(redisUri, options);
             LongTermMemory durable = MemoryStores.longTerm(postgresUri, options, new LangChain4jEmbedder(model))) {
            AgentMemoryChatMemoryStore chatStore = new AgentMemoryChatMemoryStore(recent, SCOPE);
            AgentMemoryEmbeddingStore embeddingStore = new AgentMemoryEmbeddingStore(durable, SCOPE);
            out.println("agentmemory + LangChain4j: an AI service's chat memory on Redis, its retrieval over PostgreSQL");
            out.println("  chat memory  " + MemoryOptions.redact(redisUri) + "  (MessageWindowChatMemory of " + WINDOW
                    + " messages per user over AgentMemoryChatMemoryStore, key prefix " + namespace + ")");
            out.println("  retrieval    " + MemoryOptions.redact(postgresUri) + "  (EmbeddingStoreContentRetriever over "
                    + "AgentMemoryEmbeddingStore, schema " + namespace + ", offline all-MiniLM-L6-v2 embeddings)");
            out.println("  chat model   none: no chat model is reachable offline. The AI service runs with LangChain4j's");
            out.println("               DisabledChatModel, so every call stops where the model would answer. This demo");
            out.println("               shows the memory side only and prints no answers: none were generated.");
            out.println();

            // Start afresh, so that every run prints the same.
            for (String user : users()) {
                chatStore.deleteMessages(user);
            }
            embeddingStore.removeAll();

            List<TextSegment> segments = new ArrayList<>();
            for (Fact fact : KNOWLEDGE) {
                segments.add(TextSegment.from(fact.text(), Metadata.from("topic", fact.topic())));
            }
            List<Embedding> embeddings = model.embedAll(segments).content();
            embeddingStore.addAll(KNOWLEDGE.stream().map(Fact::id).toList(), embeddings, segments);
            TextTable stored = new TextTable("id", "topic", "segment");
            for (Fact fact : KNOWLEDGE) {
                stored.row(fact.id(), fact.topic(), fact.text());
            }
            out.println("Stored in PostgreSQL: " + KNOWLEDGE.size() + " policy segments, embedded with all-MiniLM-L6-v2 ("
                    + model.dimension() + " dimensions)");
            out.println(stored.render());

            ContentRetriever retriever = EmbeddingStoreContentRetriever.builder().embeddingStore(embeddingStore)
                    .embeddingModel(model).maxResults(2).minScore(0.6).build();
            Map<String, List<Content>> retrieved = new LinkedHashMap<>();
            // The AI service's own retriever, watched: what it recalls for each question is printed below.
            ContentRetriever watched = query -> {
                List<Content> found = retriever.retrieve(query);
                retrieved.put(query.text(), found);
                return found;
            };
            ChatMemoryProvider memories = user -> MessageWindowChatMemory.builder().id(user).maxMessages(WINDOW)
                    .chatMemoryStore(chatStore).build();
            Concierge concierge = AiServices.builder(Concierge.class)
                    .chatModel(new DisabledChatModel())
                    .chatMemoryProvider(memories)
                    .contentRetriever(watched)
                    .build();

            TextTable recall = new TextTable("user", "question", "recalled segment", "score", "expected").rightAlign(3);
            int right = 0;
            List<String> modelOutcomes = new ArrayList<>();
            for (Question q : QUESTIONS) {
                String answer = null;
                try {
                    answer = concierge.chat(q.user(), q.text());
                } catch (ModelDisabledException e) {
                    // The expected end of every call: retrieval and chat memory ran, then the model was asked.
                    modelOutcomes.add(e.getClass().getSimpleName());
                }
                if (answer != null) {
                    throw new IllegalStateException("the disabled chat model answered: " + answer);
                }
                List<Content> found = retrieved.getOrDefault(q.text(), List.of());
                if (found.isEmpty()) {
                    recall.row(q.user(), q.text(), "(nothing above the minimum score)", "", "no");
                    continue;
                }
                boolean first = true;
                for (Content c : found) {
                    String id = String.valueOf(c.metadata().get(ContentMetadata.EMBEDDING_ID));
                    boolean expected = first && id.equals(q.expectedFact());
                    right += expected ? 1 : 0;
                    recall.row(first ? q.user() : "", first ? TextTable.shorten(q.text(), 44) : "",
                            id + ": " + TextTable.shorten(c.textSegment().text(), 44),
                            String.format(Locale.ROOT, "%.3f", ((Number) c.metadata().get(ContentMetadata.SCORE)).doubleValue()),
                            first ? (expected ? "yes" : "no, expected " + q.expectedFact()) : "");
                    first = false;
                }
            }
            out.println("Recalled: the AI service's EmbeddingStoreContentRetriever (top 2, score >= 0.6) for each question");
            out.println(recall.render());
            out.println("Chat model: " + modelOutcomes.size() + " calls, each ended with "
                    + String.join(", ", modelOutcomes.stream().distinct().toList())
                    + " before any answer (no chat model offline)");
            out.println();

            // A new connection and a new store: what the chat memory reads back from Redis is what the AI service
            // would send to a chat model on the user's next call (together with the next question).
            Map<String, Integer> held = new LinkedHashMap<>();
            try (ShortTermMemory reopened = MemoryStores.shortTerm(redisUri, options)) {
                ChatMemoryStore fresh = new AgentMemoryChatMemoryStore(reopened, SCOPE);
                for (String user : users()) {
                    List<ChatMessage> messages = MessageWindowChatMemory.builder().id(user).maxMessages(WINDOW)
                            .chatMemoryStore(fresh).build().messages();
                    held.put(user, messages.size());
                    TextTable table = new TextTable("#", "type", "text").rightAlign(0);
                    int n = 0;
                    for (ChatMessage m : messages) {
                        table.row(++n, m.type().name(), TextTable.shorten(text(m).replace('\n', ' '), 100));
                    }
                    out.println("Chat memory of " + user + " on Redis (session " + AgentMemoryChatMemoryStore.sessionId(user)
                            + ", read back through a new connection): " + messages.size()
                            + " messages, what the AI service would send to a chat model");
                    out.println(table.render());
                }
            }
            out.printf(Locale.ROOT, "Summary: %d segments stored in PostgreSQL, %d/%d questions recalled the expected "
                            + "segment first, chat memory on Redis holds %s, %d model answers shown (no chat model offline).%n",
                    KNOWLEDGE.size(), right, QUESTIONS.size(), held.entrySet().stream()
                            .map(e -> e.getValue() + " messages for " + e.getKey()).reduce((a, b) -> a + " and " + b)
                            .orElse("nothing"), 0);
            return 0;
        }
    }

    private static List<String> users() {
        return QUESTIONS.stream().map(Question::user).distinct().toList();
    }

    private static String text(ChatMessage m) {
        if (m instanceof UserMessage u) {
            return u.hasSingleText() ? u.singleText() : u.contents().toString();
        }
        if (m instanceof SystemMessage s) {
            return s.text();
        }
        if (m instanceof AiMessage a) {
            return String.valueOf(a.text());
        }
        return m.toString();
    }
}
