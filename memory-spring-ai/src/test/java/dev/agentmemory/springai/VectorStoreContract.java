package dev.agentmemory.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.InvalidMemoryRequestException;
import dev.agentmemory.LongTermMemory;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;

/** The vector store's search, filter and mapping tests, run against each backend by a subclass. */
abstract class VectorStoreContract {

    private static final FilterExpressionBuilder B = new FilterExpressionBuilder();
    private static final UUID OWNER = UUID.fromString("0b7c2f9e-3a55-4c1f-9d3b-2f1e5a6b7c8d");

    private VectorStore store;

    /** The backend's long-term store, shared by the class and closed by it. */
    abstract LongTermMemory memory();

    @BeforeEach
    void setUp() {
        store = AgentMemoryVectorStore.builder(memory(), Stores.freshScope(), new AgentMemoryEmbeddingModel(Stores.EMBEDDER))
                .build();
        store.add(List.of(
                doc("d0", "Sofia has mild winters and old churches", "country", "BG", "year", 2020, "rating", 4.5,
                        "active", true, "owner", OWNER),
                doc("d1", "Amsterdam canals freeze in a cold winter", "country", "NL", "year", 2021, "rating", 3.0,
                        "active", false),
                doc("d2", "Plovdiv is among the oldest cities in Europe", "country", "BG", "year", 2023, "rating", 5.0),
                doc("d3", "Berlin techno clubs open until morning", "country", "DE", "year", 2019L, "active", true),
                doc("d4", "A village without a country tag", "year", 2022),
                doc("d5", "Rotterdam harbour ships containers worldwide", "country", "NL", "rating", 2.5, "active", true)));
    }

    private static Document doc(String id, String text, Object... pairs) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            metadata.put((String) pairs[i], pairs[i + 1]);
        }
        return Document.builder().id(id).text(text).metadata(metadata).build();
    }

    private Set<String> ids(Filter.Expression filter) {
        Set<String> ids = new TreeSet<>();
        for (Document d : store.similaritySearch(SearchRequest.builder().query("winter city").topK(100)
                .similarityThresholdAll().filterExpression(filter).build())) {
            ids.add(d.getId());
        }
        return ids;
    }

    @Test
    void everyOperatorSelectsWhatSpringAiMeans() {
        assertEquals(Set.of("d0", "d2"), ids(B.eq("country", "BG").build()));
        assertEquals(Set.of("d1", "d3", "d4", "d5"), ids(B.ne("country", "BG").build()), "NE includes a missing key");
        assertEquals(Set.of("d1", "d2", "d4"), ids(B.gt("year", 2020).build()));
        assertEquals(Set.of("d1", "d2", "d4"), ids(B.gte("year", 2021).build()));
        assertEquals(Set.of("d1", "d2", "d4"), ids(B.gt("year", 2020.5).build()), "numbers compare across types");
        assertEquals(Set.of("d0", "d3"), ids(B.lt("year", 2021).build()), "a Long and an Integer compare by value");
        assertEquals(Set.of("d1", "d5"), ids(B.lte("rating", 3).build()));
        assertEquals(Set.of("d0", "d2", "d3"), ids(B.in("country", "BG", "DE").build()));
        assertEquals(Set.of("d1", "d4", "d5"), ids(B.nin("country", "BG", "DE").build()), "NIN includes a missing key");
        assertEquals(Set.of("d5"), ids(B.and(B.eq("country", "NL"), B.eq("active", true)).build()));
        assertEquals(Set.of("d2", "d3"), ids(B.or(B.lt("year", 2020), B.gte("rating", 5)).build()));
        assertEquals(Set.of("d1", "d3", "d4", "d5"), ids(B.not(B.eq("country", "BG")).build()));
        assertEquals(Set.of("d4"), ids(B.isNull("country").build()));
        assertEquals(Set.of("d0", "d1", "d3", "d5"), ids(B.isNotNull("active").build()));
        assertEquals(Set.of("d0"), ids(B.eq("owner", OWNER).build()));
        assertEquals(Set.of("d0", "d3"), ids(B.and(B.group(B.or(B.eq("country", "BG"), B.eq("country", "DE"))),
                B.eq("active", true)).build()));
    }

    @Test
    void textFilterExpressionsAreParsedBySpringAiAndTranslated() {
        assertEquals(Set.of("d2"), idsOf("country == 'BG' && year >= 2021"));
        assertEquals(Set.of("d1", "d5"), idsOf("country in ['NL'] || rating < 2"));
        assertEquals(Set.of("d3", "d4"), idsOf("NOT (country in ['BG', 'NL'])"));
    }

    private Set<String> idsOf(String filter) {
        Set<String> ids = new TreeSet<>();
        for (Document d : store.similaritySearch(SearchRequest.builder().query("winter").topK(100).similarityThresholdAll()
                .filterExpression(filter).build())) {
            ids.add(d.getId());
        }
        return ids;
    }

    @Test
    void theFilterAppliesBeforeRankingNotAfter() {
        // d0 is the best match by far; with a filter that excludes it, top-1 is still one document.
        List<Document> hits = store.similaritySearch(SearchRequest.builder().query("Sofia has mild winters and old churches")
                .topK(1).similarityThresholdAll().filterExpression(B.eq("country", "NL").build()).build());
        assertEquals(1, hits.size());
        assertTrue(Set.of("d1", "d5").contains(hits.get(0).getId()), hits.toString());
    }

    @Test
    void scoresAreCosineSimilaritiesBestFirstWithDistanceBeside() {
        List<Document> hits = store.similaritySearch(SearchRequest.builder().query("Sofia has mild winters and old churches")
                .topK(3).similarityThresholdAll().build());
        assertEquals(3, hits.size());
        assertEquals("d0", hits.get(0).getId());
        assertEquals(1.0, hits.get(0).getScore(), 1e-5);
        for (int i = 0; i < hits.size(); i++) {
            Document d = hits.get(i);
            assertEquals(1.0 - d.getScore(), (Double) d.getMetadata().get("distance"), 1e-9);
            if (i > 0) {
                assertTrue(hits.get(i - 1).getScore() >= d.getScore(), "best first");
            }
        }
        double second = hits.get(1).getScore();
        // A threshold between the first and second scores keeps only the first.
        List<Document> strict = store.similaritySearch(SearchRequest.builder().query("Sofia has mild winters and old churches")
                .topK(10).similarityThreshold((1.0 + second) / 2).build());
        assertEquals(List.of("d0"), strict.stream().map(Document::getId).toList());
        // SIMILARITY_THRESHOLD_ACCEPT_ALL returns every document, whatever its score.
        assertEquals(6, store.similaritySearch(SearchRequest.builder().query("Sofia").topK(100).similarityThresholdAll()
                .build()).size());
        assertEquals(2, store.similaritySearch(SearchRequest.builder().query("Sofia").topK(2).similarityThresholdAll()
                .build()).size());
    }

    @Test
    void metadataComeBackWithTheirTypesAndAnAddReplacesById() {
        Document d0 = store.similaritySearch(SearchRequest.builder().query("Sofia has mild winters and old churches").topK(1)
                .similarityThresholdAll().build()).get(0);
        assertEquals("Sofia has mild winters and old churches", d0.getText());
        assertInstanceOf(Integer.class, d0.getMetadata().get("year"));
        assertInstanceOf(Double.class, d0.getMetadata().get("rating"));
        assertInstanceOf(Boolean.class, d0.getMetadata().get("active"));
        assertEquals(OWNER, d0.getMetadata().get("owner"));
        Document d3 = store.similaritySearch(SearchRequest.builder().query("Berlin techno clubs open until morning").topK(1)
                .similarityThresholdAll().build()).get(0);
        assertEquals(2019L, d3.getMetadata().get("year"));

        store.add(List.of(doc("d0", "Sofia replaced", "country", "BG")));
        Document replaced = store.similaritySearch(SearchRequest.builder().query("Sofia replaced").topK(1)
                .similarityThresholdAll().build()).get(0);
        assertEquals("d0", replaced.getId());
        assertEquals(Map.of("country", "BG", "distance", replaced.getMetadata().get("distance")), replaced.getMetadata());
        assertEquals(6, store.similaritySearch(SearchRequest.builder().query("x").topK(100).similarityThresholdAll().build())
                .size());
    }

    @Test
    void deleteByIdsAndByFilter() {
        store.delete(List.of("d0", "d1"));
        assertEquals(Set.of("d2", "d3", "d4", "d5"), ids(null));
        store.delete(B.eq("country", "NL").build());
        assertEquals(Set.of("d2", "d3", "d4"), ids(null));
        store.delete("year >= 2022");
        assertEquals(Set.of("d3"), ids(null));
    }

    @Test
    void aDocumentTheStoreCannotKeepIsRejectedBeforeAnyWrite() {
        InvalidMemoryRequestException e = assertThrows(InvalidMemoryRequestException.class,
                () -> store.add(List.of(doc("ok", "fine"), doc("bad", "list metadata", "tags", List.of("a", "b")))));
        assertTrue(e.getMessage().contains("tags"), e.getMessage());
        assertEquals(Set.of("d0", "d1", "d2", "d3", "d4", "d5"), ids(null));
    }

    @Test
    void operationsAreObservedAsSpringAiVectorStoresAre() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        VectorStore observed = AgentMemoryVectorStore.builder(memory(), Stores.freshScope(),
                new AgentMemoryEmbeddingModel(Stores.EMBEDDER)).observationRegistry(registry).build();
        observed.add(List.of(doc("x", "observed text")));
        observed.similaritySearch(SearchRequest.builder().query("observed").topK(1).build());
        TestObservationRegistryAssert.assertThat(registry)
                .hasObservationWithNameEqualTo("db.vector.client.operation").that()
                .hasLowCardinalityKeyValue("db.system", "agentmemory");
        TestObservationRegistryAssert.assertThat(registry).hasNumberOfObservationsEqualTo(2);
    }
}
