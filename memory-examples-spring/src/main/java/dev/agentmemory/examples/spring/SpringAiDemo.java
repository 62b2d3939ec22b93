package dev.agentmemory.examples.spring;

import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.examples.TextTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.document.Document;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code bin/demo --spring-ai}: starts {@link TravelDeskApplication}, a Spring Boot application whose stores, chat
 * memory repository, vector store, health indicators and meters all come from memory-spring-boot-starter and
 * {@code application.properties}; uses them as the application's {@link TravelDesk} service would; prints what it
 * stored, found and remembered, the application's own health (Actuator's {@link HealthEndpoint}) and the
 * {@code agentmemory.calls} meters; and closes the application. It runs on the class path.
 *
 * <p>Without arguments both stores are {@code mem:}. {@code --redis URI} puts the chat memory on Redis and
 * {@code --postgres URI} the vector store on PostgreSQL, in a namespace of their own ({@code --namespace}: the Redis
 * key prefix and the PostgreSQL schema), which the run clears first, so that every run prints the same.
 *
 * <p>Exit codes: 0 done; 1 a backend failed; 2 bad arguments or configuration.
 */
public final class SpringAiDemo {

    static final String DEFAULT_NAMESPACE = "agentmemory_spring_demo";
    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    /** A search of the vector store, with the passage expected first. */
    record Search(String query, String filter, String expected) {
    }

    /** A user's question to the travel desk, and the passage expected in the reply. */
    record Question(String user, String region, String text, String expected) {
    }

    static final List<TravelDesk.Passage> POLICY = List.of(
            new TravelDesk.Passage("hotel-eu", "travel", "EU", 2025,
                    "Hotels in Europe are reimbursed up to 180 euros per night."),
            new TravelDesk.Passage("hotel-us", "travel", "US", 2025,
                    "Hotels in the United States are reimbursed up to 250 dollars per night."),
            new TravelDesk.Passage("flights", "travel", "ALL", 2024,
                    "Flights longer than six hours may be booked in premium economy."),
            new TravelDesk.Passage("rail", "travel", "EU", 2024,
                    "Trips under four hours should be taken by train rather than by plane."),
            new TravelDesk.Passage("receipts", "expenses", "ALL", 2025,
                    "Upload every receipt to the expense tool within 30 days of the trip."),
            new TravelDesk.Passage("meals", "expenses", "ALL", 2023,
                    "Meals on business trips are covered up to 60 euros per day."),
            new TravelDesk.Passage("laptop", "it", "ALL", 2025,
                    "Laptops must be encrypted and locked whenever they are left unattended."));

    static final List<Search> SEARCHES = List.of(
            new Search("hotel reimbursement per night", "region == 'US'", "hotel-us"),
            new Search("hotel reimbursement per night", "region in ['EU', 'ALL']", "hotel-eu"),
            new Search("deadline for expense receipts", "topic == 'expenses' && year >= 2025", "receipts"),
            new Search("what to do with my computer when I leave it", "topic != 'travel'", "laptop"));

    static final List<Question> QUESTIONS = List.of(
            new Question("alice", "EU", "How much can I spend on a hotel room in Lisbon?", "hotel-eu"),
            new Question("alice", "EU", "By when do I have to hand in my receipts?", "receipts"),
            new Question("alice", "EU", "Should I fly or take the train for a three hour trip?", "rail"),
            new Question("alice", "EU", "Is there a daily limit for food while travelling?", "meals"),
            new Question("bob", "US", "What is the hotel limit per night in Chicago?", "hotel-us"),
            new Question("bob", "US", "Can I book premium economy for a thirteen hour flight?", "flights"));

    private SpringAiDemo() {
    }

    /**
     * Runs the demo and exits with its code.
     *
     * @param args {@code [--redis URI] [--postgres URI] [--namespace NAME] [--verbose]}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> properties = new LinkedHashMap<>();
        String namespace = DEFAULT_NAMESPACE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--redis", "--postgres", "--namespace" -> {
                    if (i + 1 >= args.length) {
                        return usage(err, args[i] + " needs a value");
                    }
                    String value = args[++i];
                    switch (args[i - 1]) {
                        case "--redis" -> properties.put("agentmemory.short-term.uri", value);
                        case "--postgres" -> properties.put("agentmemory.long-term.uri", value);
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
        properties.put("agentmemory.redis.key-prefix", namespace);
        properties.put("agentmemory.postgres.schema", namespace);
        System.setProperty("agentmemory.log.level", System.getProperty("agentmemory.log.level", "error"));

        SpringApplication application = new SpringApplication(TravelDeskApplication.class);
        // Command-line properties: they override application.properties, as "--agentmemory.short-term.uri=..." would.
        List<String> commandLine = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toList();
        try (ConfigurableApplicationContext context = application.run(commandLine.toArray(String[]::new))) {
            return report(context, namespace, out);
        } catch (RuntimeException e) {
            return failed(e, err);
        }
    }

    private static int usage(PrintStream stream, String problem) {
        if (problem != null) {
            stream.println("agentmemory demo: " + problem);
        }
        stream.println("usage: bin/demo --spring-ai [--redis URI] [--postgres URI] [--namespace NAME] [--verbose]");
        stream.println("  --redis      chat memory (default mem:)");
        stream.println("  --postgres   vector store (default mem:)");
        stream.println("  --namespace  Redis key prefix and PostgreSQL schema (default " + DEFAULT_NAMESPACE
                + "); cleared at start");
        return problem == null ? 0 : 2;
    }

    /** The agentmemory error behind a failed start or call, if any: its message says what to do. */
    private static int failed(RuntimeException e, PrintStream err) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MemoryConfigurationException config) {
                err.println("agentmemory demo: " + config.getMessage());
                return 2;
            }
            if (t instanceof MemoryException memory) {
                err.println("agentmemory demo: the backend failed: " + memory.getMessage());
                return 1;
            }
        }
        throw e;
    }

    private static int report(ConfigurableApplicationContext context, String namespace, PrintStream out) {
        var env = context.getEnvironment();
        String shortTerm = MemoryOptions.redact(env.getRequiredProperty("agentmemory.short-term.uri"));
        String longTerm = MemoryOptions.redact(env.getRequiredProperty("agentmemory.long-term.uri"));
        TravelDesk desk = context.getBean(TravelDesk.class);
        out.println("agentmemory + Spring AI: a Spring Boot application configured by properties alone");
        out.println("  chat memory   " + shortTerm + "  (MessageWindowChatMemory of " + TravelDeskApplication.WINDOW
                + " messages per user over the starter's ChatMemoryRepository"
                + (shortTerm.startsWith("mem:") ? ")" : ", key prefix " + namespace + ")"));
        out.println("  vector store  " + longTerm + "  (the starter's VectorStore, offline all-MiniLM-L6-v2 embeddings"
                + (longTerm.startsWith("mem:") ? ")" : ", schema " + namespace + ")"));
        out.println("  chat model    none: no chat model is reachable offline. The travel desk's replies are the policy");
        out.println("                passage its vector store search finds first, quoted; no text is generated.");
        out.println("  class path    Spring Boot " + SpringApplication.class.getPackage().getImplementationVersion()
                + " on the class path (docs/spring-ai.md, \"The example\")");
        out.println();

        List<String> users = QUESTIONS.stream().map(Question::user).distinct().toList();
        desk.reset(users);
        desk.load(POLICY);
        TextTable stored = new TextTable("id", "topic", "region", "year", "passage").rightAlign(3);
        for (TravelDesk.Passage p : POLICY) {
            stored.row(p.id(), p.topic(), p.region(), p.year(), p.text());
        }
        out.println("Stored through VectorStore.add: " + POLICY.size() + " policy passages");
        out.println(stored.render());

        TextTable found = new TextTable("query", "filter expression", "top hit", "score", "expected").rightAlign(3);
        int right = 0;
        for (Search s : SEARCHES) {
            List<Document> hits = desk.search(s.query(), s.filter(), 2);
            boolean first = true;
            for (Document d : hits) {
                boolean expected = first && d.getId().equals(s.expected());
                right += expected ? 1 : 0;
                found.row(first ? s.query() : "", first ? s.filter() : "", d.getId(), score(d),
                        first ? (expected ? "yes" : "no, expected " + s.expected()) : "");
                first = false;
            }
            if (hits.isEmpty()) {
                found.row(s.query(), s.filter(), "(nothing)", "", "no, expected " + s.expected());
            }
        }
        out.println("Similarity searches (top 2, filter applied in the query, before ranking)");
        out.println(found.render());
        out.println(right + "/" + SEARCHES.size() + " searches found the expected passage first");
        out.println();

        Map<Question, TravelDesk.Reply> replies = converse(desk, users);
        TextTable conversation = new TextTable("user", "question", "reply (quoted policy)", "score", "expected");
        int answered = 0;
        for (Question q : QUESTIONS) {
            TravelDesk.Reply reply = replies.get(q);
            Document passage = reply.passage();
            boolean expected = passage != null && passage.getId().equals(q.expected());
            answered += expected ? 1 : 0;
            conversation.row(q.user() + " (" + q.region() + ")", TextTable.shorten(q.text(), 44),
                    TextTable.shorten(reply.text(), 52), passage == null ? "" : score(passage),
                    expected ? "yes" : "no, expected " + q.expected());
        }
        out.println("Two users at once (one thread each), every search filtered by region in [the user's, 'ALL']");
        out.println(conversation.render());
        out.println(answered + "/" + QUESTIONS.size() + " questions answered from the expected passage");
        out.println();

        ChatMemoryRepository repository = context.getBean(ChatMemoryRepository.class);
        Map<String, Integer> held = new LinkedHashMap<>();
        for (String user : users) {
            List<Message> messages = desk.conversation(user);
            held.put(user, messages.size());
            TextTable table = new TextTable("#", "type", "text").rightAlign(0);
            int n = 0;
            for (Message m : messages) {
                table.row(++n, m.getMessageType().name(), TextTable.shorten(m.getText().replace('\n', ' '), 90));
            }
            out.println("Chat memory of " + user + ": " + messages.size() + " messages (window "
                    + TravelDeskApplication.WINDOW + ": the system message and the newest turns), what a chat model "
                    + "would get with the next question");
            out.println(table.render());
        }
        List<String> conversations = repository.findConversationIds().stream().filter(users::contains).sorted().toList();
        out.println("ChatMemoryRepository.findConversationIds: " + conversations);
        out.println();

        int healthy = health(context.getBean(HealthEndpoint.class), out);
        calls(context.getBean(MeterRegistry.class), out);

        out.printf(Locale.ROOT, "Summary: %d passages stored, %d/%d searches and %d/%d questions found the expected "
                        + "passage first, chat memory holds %s, health %s.%n", POLICY.size(), right, SEARCHES.size(),
                answered, QUESTIONS.size(), held.entrySet().stream().map(e -> e.getValue() + " messages for " + e.getKey())
                        .reduce((a, b) -> a + " and " + b).orElse("nothing"),
                context.getBean(HealthEndpoint.class).health().getStatus().getCode());
        return healthy;
    }

    /** Each user's questions on a thread of its own, as two requests of a web application would run. */
    private static Map<Question, TravelDesk.Reply> converse(TravelDesk desk, List<String> users) {
        ExecutorService requests = Executors.newFixedThreadPool(users.size());
        try {
            Map<String, Future<List<TravelDesk.Reply>>> running = new LinkedHashMap<>();
            for (String user : users) {
                running.put(user, requests.submit(() -> {
                    List<TravelDesk.Reply> replies = new ArrayList<>();
                    for (Question q : QUESTIONS) {
                        if (q.user().equals(user)) {
                            replies.add(desk.ask(q.user(), q.region(), q.text()));
                        }
                    }
                    return replies;
                }));
            }
            Map<Question, TravelDesk.Reply> replies = new LinkedHashMap<>();
            for (String user : users) {
                List<TravelDesk.Reply> own = join(running.get(user));
                List<Question> asked = QUESTIONS.stream().filter(q -> q.user().equals(user)).toList();
                for (int i = 0; i < asked.size(); i++) {
                    replies.put(asked.get(i), own.get(i));
                }
            }
            return replies;
        } finally {
            requests.shutdownNow();
        }
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a conversation", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Prints the application's health as Actuator's health endpoint reports it; @return 0 when UP, else 1 */
    private static int health(HealthEndpoint endpoint, PrintStream out) {
        HealthDescriptor health = endpoint.health();
        TextTable table = new TextTable("component", "status", "detail");
        if (health instanceof CompositeHealthDescriptor composite) {
            for (Map.Entry<String, HealthDescriptor> c : composite.getComponents().entrySet()) {
                Object detail = c.getValue() instanceof IndicatedHealthDescriptor indicated
                        ? indicated.getDetails().getOrDefault("detail", "") : "";
                table.row(c.getKey(), c.getValue().getStatus().getCode(), TextTable.shorten(String.valueOf(detail), 80));
            }
        }
        out.println("Health (Actuator's HealthEndpoint bean, as /actuator/health would serve it): "
                + health.getStatus().getCode());
        out.println(table.render());
        return "UP".equals(health.getStatus().getCode()) ? 0 : 1;
    }

    /** Prints the starter's call timers and retry counters from the application's meter registry. */
    private static void calls(MeterRegistry meters, PrintStream out) {
        TextTable table = new TextTable("store", "operation", "outcome", "calls", "mean ms", "max ms")
                .rightAlign(3, 4, 5);
        List<Timer> timers = new ArrayList<>(meters.find("agentmemory.calls").timers());
        timers.sort(Comparator.comparing((Timer t) -> t.getId().getTag("backend"))
                .thenComparing(t -> t.getId().getTag("operation")).thenComparing(t -> t.getId().getTag("outcome")));
        long total = 0;
        for (Timer t : timers) {
            total += t.count();
            // The backend tag is "short-term <uri>" or "long-term <uri>"; the URIs are in the report's header.
            String backend = String.valueOf(t.getId().getTag("backend"));
            table.row(backend.substring(0, Math.max(0, backend.indexOf(' '))), t.getId().getTag("operation"),
                    t.getId().getTag("outcome"),
                    t.count(), String.format(Locale.ROOT, "%.2f", t.mean(TimeUnit.MILLISECONDS)),
                    String.format(Locale.ROOT, "%.2f", t.max(TimeUnit.MILLISECONDS)));
        }
        double retries = meters.find("agentmemory.resilience.retries").counters().stream()
                .mapToDouble(Counter::count).sum();
        out.println("Metrics (the application's MeterRegistry): the starter's timer agentmemory.calls, tagged backend, "
                + "operation and outcome, counted " + total + " calls; agentmemory.resilience.retries " + (long) retries);
        out.println(table.render());
    }

    private static String score(Document d) {
        Double score = d.getScore();
        return score == null ? "" : String.format(Locale.ROOT, "%.3f", score);
    }
}
