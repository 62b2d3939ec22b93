package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryType;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.spi.Cosine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exact mode against a brute-force computation in Java over the same data and filters: same ids, same
 * order, same scores. The cube mode with more candidates than the scope holds must agree exactly too.
 */
class ExactSearchTest {

    private static final String SCHEMA = PostgresTestSupport.newSchema("exact");
    private static final int DIM = 24;
    private static final Scope SCOPE = new Scope("acme", "bot");
    private static final Scope OTHER = new Scope("acme", "other");
    private static final List<NewMemory> DATA = new ArrayList<>();
    private static final Map<String, float[]> VECTORS = new HashMap<>();
    private static final Random RANDOM = new Random(42);

    @BeforeAll
    static void load() {
        MemoryType[] types = MemoryType.values();
        for (int i = 0; i < 400; i++) {
            float[] v = SearchTestData.random(RANDOM, DIM);
            NewMemory m = NewMemory.builder("m" + i).id("m" + i).embedding(v)
                    .type(types[i % 3]).importance((i % 10) / 10.0)
                    .metadata(i % 4 == 0 ? Map.of("topic", "travel") : Map.of("topic", "food"))
                    .userId(i % 5 == 0 ? "u1" : null)
                    .expiresAt(i % 7 == 0 ? Instant.now().minusSeconds(60) : null)
                    .build();
            DATA.add(m);
            VECTORS.put(m.id(), v);
        }
        // Ties: copies of stored vectors under ids that sort before ("d") and after ("z") the originals.
        for (int i = 0; i < 60; i += 3) {
            float[] v = VECTORS.get("m" + i);
            for (String id : List.of("d" + i, "z" + i)) {
                NewMemory m = NewMemory.builder(id).id(id).embedding(v).type(MemoryType.SEMANTIC).build();
                DATA.add(m);
                VECTORS.put(id, v);
            }
        }
        try (LongTermMemory exact = open("exact")) {
            exact.storeAll(SCOPE, DATA);
            exact.storeAll(OTHER, DATA.subList(0, 50));
        }
    }

    @AfterAll
    static void dropSchema() {
        PostgresTestSupport.dropSchema(SCHEMA);
    }

    private static LongTermMemory open(String mode, String... more) {
        List<String> options = new ArrayList<>(List.of(PostgresOptions.SEARCH_MODE.key(), mode));
        options.addAll(List.of(more));
        return PostgresTestSupport.longTerm(PostgresTestSupport.options(SCHEMA, options.toArray(String[]::new)), DIM);
    }

    @Test
    void exactSearchEqualsBruteForceUnderEveryFilter() {
        try (LongTermMemory store = open("exact")) {
            assertEquals("exact", store.health().attributes().get("searchMode"));
            for (int q = 0; q < 5; q++) {
                float[] query = SearchTestData.random(RANDOM, DIM);
                check(store, MemoryQuery.vector(query).limit(100).minSimilarity(-1).build(), m -> true);
                check(store, MemoryQuery.vector(query).limit(7).minSimilarity(0.1).build(), m -> true);
                check(store, MemoryQuery.vector(query).limit(50).minSimilarity(-1)
                        .types(MemoryType.EPISODIC, MemoryType.PROCEDURAL).build(), m -> m.type() != MemoryType.SEMANTIC);
                check(store, MemoryQuery.vector(query).limit(50).minSimilarity(-1).minImportance(0.5).build(),
                        m -> m.importance() >= 0.5);
                check(store, MemoryQuery.vector(query).limit(50).minSimilarity(-1).userId("u1").build(),
                        m -> "u1".equals(m.userId()));
                check(store, MemoryQuery.vector(query).limit(50).minSimilarity(-1)
                        .metadata(Map.of("topic", "travel")).build(), m -> "travel".equals(m.metadata().get("topic")));
            }
        }
    }

    @Test
    void tiesAreBrokenByIdExactlyAsTheReference() {
        try (LongTermMemory store = open("exact")) {
            for (int i : new int[] {3, 12, 30, 39, 48, 57}) {
                float[] query = VECTORS.get("m" + i);
                for (int limit : new int[] {1, 2, 3, 10}) {
                    check(store, MemoryQuery.vector(query).limit(limit).minSimilarity(-1).build(), m -> true);
                }
                assertEquals(List.of("d" + i, "m" + i, "z" + i), store.search(SCOPE, MemoryQuery.vector(query).limit(3)
                        .minSimilarity(-1).build()).stream().map(s -> s.memory().id()).toList());
            }
        }
    }

    @Test
    void cubeWithMoreCandidatesThanTheScopeHoldsAgreesWithExact() {
        try (LongTermMemory cube = open("cube", PostgresOptions.CANDIDATES.key(), "1000")) {
            assertEquals("cube", cube.health().attributes().get("searchMode"));
            float[] query = SearchTestData.random(RANDOM, DIM);
            check(cube, MemoryQuery.vector(query).limit(100).minSimilarity(-1).build(), m -> true);
            check(cube, MemoryQuery.vector(query).limit(20).minSimilarity(-1).types(MemoryType.EPISODIC).build(),
                    m -> m.type() == MemoryType.EPISODIC);
        }
    }

    private static void check(LongTermMemory store, MemoryQuery query, Predicate<NewMemory> filter) {
        float[] q = query.vector().toArray();
        List<Map.Entry<String, Double>> expected = DATA.stream()
                .filter(m -> m.expiresAt() == null)
                .filter(filter)
                .map(m -> Map.entry(m.id(), Cosine.similarity(q, VECTORS.get(m.id()))))
                .filter(e -> e.getValue() >= query.minSimilarity())
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(query.limit())
                .toList();
        List<ScoredMemory> actual = store.search(SCOPE, query);
        assertFalse(expected.isEmpty(), "the query should match something");
        assertEquals(expected.stream().map(Map.Entry::getKey).toList(),
                actual.stream().map(s -> s.memory().id()).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).getValue(), actual.get(i).similarity(), 1e-12);
        }
        actual.stream().map(ScoredMemory::similarity).reduce((a, b) -> {
            if (b > a) {
                throw new AssertionError("not sorted");
            }
            return b;
        });
    }
}
