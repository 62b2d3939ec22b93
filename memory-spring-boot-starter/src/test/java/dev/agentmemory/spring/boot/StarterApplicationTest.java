package dev.agentmemory.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.springai.AgentMemoryChatMemoryRepository;
import dev.agentmemory.springai.AgentMemoryVectorStore;
import dev.agentmemory.tck.Await;
import dev.agentmemory.tck.TestServer;
import dev.agentmemory.tck.TestServers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Boot application that has nothing but the starter, Actuator, Spring MVC and {@code agentmemory.*} properties, run
 * against real Redis (short-term) and PostgreSQL (long-term): the beans are there, two concurrent requests on one
 * conversation lose nothing, {@code /actuator/health} and the metrics answer, and closing the context leaves no
 * connection behind.
 */
class StarterApplicationTest {

    /** The whole application: everything else comes from auto-configuration. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    private final String id = UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    private final String clientName = "amt-boot-" + id;
    private final String schema = "amt_boot_" + id;
    private final TestServer redis = TestServers.redis();
    private final TestServer postgres = TestServers.postgres();

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.uri()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(App.class).properties(Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("management.endpoints.web.exposure.include", "health,metrics"),
                Map.entry("management.endpoint.health.show-details", "always"),
                Map.entry("agentmemory.short-term.uri", redis.uri()),
                Map.entry("agentmemory.long-term.uri", postgres.uri()),
                Map.entry("agentmemory.tenant", "acme"),
                Map.entry("agentmemory.agent", "boot-" + id),
                Map.entry("agentmemory.client-name", clientName),
                Map.entry("agentmemory.connect", "eager"),
                Map.entry("agentmemory.redis.key-prefix", "amt-boot-" + id + ":"),
                Map.entry("agentmemory.postgres.schema", schema))).run();
    }

    @Test
    void startsFromPropertiesChatsConcurrentlyReportsHealthAndMetricsAndLeavesNoConnection() throws Exception {
        ConfigurableApplicationContext context = start();
        try {
            assertInstanceOf(AgentMemoryChatMemoryRepository.class, context.getBean(ChatMemoryRepository.class));
            assertInstanceOf(AgentMemoryVectorStore.class, context.getBean(VectorStore.class));
            assertTrue(TestServers.redisConnections(redis, clientName) > 0, "the Redis store is connected");
            assertTrue(TestServers.postgresConnections(postgres, clientName) > 0, "the PostgreSQL store is connected");

            twoConcurrentRequestsOnOneConversationLoseNothing(context.getBean(ChatMemoryRepository.class));

            VectorStore vectors = context.getBean(VectorStore.class);
            vectors.add(List.of(new Document("d1", "the parcel never arrived", Map.of("kind", "complaint"))));
            List<Document> found = vectors.similaritySearch(SearchRequest.builder().query("parcel arrived").topK(1).build());
            assertEquals("d1", found.get(0).getId());

            String port = context.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            JsonNode json = JsonMapper.builder().build().readTree(health.body());
            assertEquals("UP", json.path("status").asString(), health.body());
            JsonNode shortTerm = json.path("components").path("agentMemoryShortTerm");
            JsonNode longTerm = json.path("components").path("agentMemoryLongTerm");
            assertEquals("UP", shortTerm.path("status").asString(), health.body());
            assertEquals("UP", longTerm.path("status").asString(), health.body());
            // the store's attributes are the details: the ones of the provider and those of the resilience layer
            assertEquals("standalone", shortTerm.path("details").path("topology").asString(), health.body());
            assertEquals(schema, longTerm.path("details").path("schema").asString(), health.body());
            assertEquals("CLOSED", longTerm.path("details").path("resilience.circuit").asString(), health.body());
            assertFalse(health.body().contains("password=agentmemory"), "no credentials: " + health.body());

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            List<String> backends = new ArrayList<>();
            for (Gauge g : meters.find(MicrometerResilienceListener.CIRCUIT_STATE).gauges()) {
                backends.add(g.getId().getTag("backend"));
                assertEquals(0.0, g.value(), "circuit closed: " + g.getId());
            }
            assertEquals(2, backends.size(), backends.toString());
            assertTrue(backends.stream().anyMatch(b -> b.startsWith("short-term redis://")), backends.toString());
            assertTrue(backends.stream().anyMatch(b -> b.startsWith("long-term ")), backends.toString());
            HttpResponse<String> metric = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/actuator/metrics/" + MicrometerResilienceListener.BUFFER_PENDING)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metric.statusCode(), metric.body());
            assertTrue(metric.body().contains("\"backend\""), metric.body());

            // Call latency per store and operation, from the calls above: the chat memory's appends and reads on
            // Redis, the vector store's add and search on PostgreSQL.
            String shortTermBackend = backends.stream().filter(b -> b.startsWith("short-term ")).findFirst()
                    .orElseThrow();
            String longTermBackend = backends.stream().filter(b -> b.startsWith("long-term ")).findFirst()
                    .orElseThrow();
            for (String[] call : List.of(new String[] {shortTermBackend, "appendAll"},
                    new String[] {shortTermBackend, "recent"}, new String[] {longTermBackend, "storeAll"},
                    new String[] {longTermBackend, "search"})) {
                Timer timer = meters.find(MicrometerResilienceListener.CALLS).tag("backend", call[0])
                        .tag("operation", call[1]).tag("outcome", "success").timer();
                assertTrue(timer != null && timer.count() > 0 && timer.totalTime(TimeUnit.NANOSECONDS) > 0,
                        call[0] + " " + call[1] + ": " + meters.find(MicrometerResilienceListener.CALLS).timers()
                                .stream().map(t -> t.getId() + " count " + t.count()).toList());
            }
            HttpResponse<String> calls = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/actuator/metrics/" + MicrometerResilienceListener.CALLS + "?tag=operation:search")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, calls.statusCode(), calls.body());
            assertTrue(calls.body().contains("\"COUNT\""), calls.body());
        } finally {
            context.close();
        }
        Await.assertEventually(Await.EVENTUALLY, () -> TestServers.redisConnections(redis, clientName) == 0,
                () -> "Redis connections named " + clientName + " after close");
        Await.assertEventually(Await.EVENTUALLY, () -> TestServers.postgresConnections(postgres, clientName) == 0,
                () -> "PostgreSQL connections named " + clientName + " after close");
    }

    /** One MessageWindowChatMemory, as an application has, used by two request threads on one conversation. */
    private static void twoConcurrentRequestsOnOneConversationLoseNothing(ChatMemoryRepository repository)
            throws Exception {
        ChatMemory chat = MessageWindowChatMemory.builder().chatMemoryRepository(repository).maxMessages(1000).build();
        int perThread = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String thread : List.of("A", "B")) {
                done.add(pool.submit(() -> {
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
        assertEquals(4 * perThread, new HashSet<>(messages).size(), messages.toString());
        for (String thread : List.of("A", "B")) {
            List<String> own = messages.stream().map(Message::getText)
                    .filter(t -> t.startsWith(thread + " ") || t.startsWith("to " + thread + " ")).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                expected.add(thread + " " + i);
                expected.add("to " + thread + " " + i);
            }
            assertEquals(expected, own, "thread " + thread + "'s messages in its order");
        }
        assertTrue(repository.findConversationIds().contains("shared"));
        repository.deleteByConversationId("shared");
    }
}
