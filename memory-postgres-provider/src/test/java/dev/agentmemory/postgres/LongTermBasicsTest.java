package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.Memory;
import dev.agentmemory.Metadata;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryType;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The long-term store's own round trips: upsert, metadata as jsonb, access counts, expiry, health. */
class LongTermBasicsTest {

    private static final String SCHEMA = PostgresTestSupport.newSchema("ltbasics");

    @AfterAll
    static void dropSchema() {
        PostgresTestSupport.dropSchema(SCHEMA);
    }

    @Test
    void storesSearchesAndCountsAccessesWithMetadataRoundTrippedThroughJsonb() {
        MemoryOptions options = PostgresTestSupport.options(SCHEMA);
        try (LongTermMemory store = PostgresTestSupport.longTerm(options, 64)) {
            Scope scope = new Scope("acme", "bot");
            Map<String, String> metadata = Map.of("quote\"s", "back\\slash", "uni", "ünï\u0001\n\tcode", "empty", "");
            Memory stored = store.store(scope, NewMemory.builder("the user prefers window seats")
                    .id("m1").type(MemoryType.SEMANTIC).importance(0.8).metadata(metadata).userId("u1").build());
            assertEquals(Metadata.of(metadata), stored.metadata());
            assertEquals(0, stored.accessCount());

            List<ScoredMemory> hits = store.search(scope, MemoryQuery.text("the user prefers window seats").build());
            assertEquals(1, hits.size());
            assertEquals("m1", hits.get(0).memory().id());
            assertEquals(1, hits.get(0).memory().accessCount());
            assertEquals(1.0, hits.get(0).similarity(), 1e-6);

            assertEquals(1, store.search(scope, MemoryQuery.text("the user prefers window seats")
                    .metadata(Map.of("uni", "ünï\u0001\n\tcode")).build()).size());
            assertEquals(0, store.search(scope, MemoryQuery.text("the user prefers window seats")
                    .metadata(Map.of("uni", "other")).build()).size());

            Memory replaced = store.store(scope, NewMemory.builder("the user prefers aisle seats").id("m1").build());
            assertEquals(stored.createdAt(), replaced.createdAt());
            assertEquals("the user prefers aisle seats", store.get(scope, "m1").orElseThrow().content());

            store.store(scope, NewMemory.builder("gone").id("old").expiresAt(Instant.now().minusSeconds(5)).build());
            assertTrue(store.get(scope, "old").isEmpty());
            assertFalse(store.delete(scope, "old"));
            assertTrue(store.updateImportance(scope, "m1", 0.1));
            assertTrue(store.get(new Scope("acme", "other-bot"), "m1").isEmpty());
            assertTrue(store.delete(scope, "m1"));
            assertTrue(store.list(scope, 10).isEmpty());
            assertEquals("UP", store.health().status().name(), store.health().detail());
            System.getLogger("test").log(System.Logger.Level.INFO, store.health().toString());
        }
    }
}
