package dev.agentmemory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Embedder;
import dev.agentmemory.HashingEmbedder;
import dev.agentmemory.Health;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryType;
import dev.agentmemory.Metadata;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.tck.StoreFixture.Capability;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The long-term memory contract ({@link LongTermMemory}): store (upsert), get, list, delete, updateImportance,
 * search by text and by vector with limit, minimum similarity, type, importance, user and metadata filters,
 * expiry, and access tracking.
 *
 * <p>Stores are opened with {@code embedding.dimension=64}, so vectors in these tests have 64 components.
 * Skipped as a whole, with a reason, when the fixture lacks {@link Capability#LONG_TERM}.
 */
@RequiresCapability(Capability.LONG_TERM)
public abstract class LongTermMemoryTck extends TckBase {

    static final int DIMENSION = 64;

    /** Run through {@link ProviderTck}, which extends every suite once; a provider extends that class. */
    LongTermMemoryTck() {
    }

    @BeforeEach
    final void requireLongTerm() {
        assumeCapability(Capability.LONG_TERM);
    }

    /** The unit vector along axis {@code i}. */
    static float[] axis(int i) {
        float[] v = new float[DIMENSION];
        v[i] = 1f;
        return v;
    }

    /** A unit vector whose cosine similarity with {@code axis(0)} is {@code cos}, in the plane of axes 0 and 1. */
    static float[] towardsAxis0(double cos) {
        float[] v = new float[DIMENSION];
        v[0] = (float) cos;
        v[1] = (float) Math.sqrt(1 - cos * cos);
        return v;
    }

    private static NewMemory.Builder memory(String id, String content) {
        return NewMemory.builder(content).id(id);
    }

    private static List<String> ids(List<ScoredMemory> hits) {
        return hits.stream().map(h -> h.memory().id()).toList();
    }

    @Test
    final void storeReturnsAndGetFindsTheMemory() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        Instant expires = Instant.now().plus(Duration.ofDays(30));
        NewMemory m = memory("m-1", "The user prefers window seats.").type(MemoryType.SEMANTIC).importance(0.75)
                .metadata(Map.of("topic", "travel")).userId("user-7").sessionId("chat-1").expiresAt(expires).build();

        Memory stored = store.store(scope, m);
        Memory read = store.get(scope, "m-1").orElseThrow();

        for (Memory x : List.of(stored, read)) {
            assertEquals("m-1", x.id());
            assertEquals(MemoryType.SEMANTIC, x.type());
            assertEquals("The user prefers window seats.", x.content());
            assertEquals(0.75, x.importance(), 1e-9);
            assertEquals(Metadata.of("topic", "travel"), x.metadata());
            assertEquals("user-7", x.userId());
            assertEquals("chat-1", x.sessionId());
            assertEquals(0, x.accessCount());
            assertNull(x.lastAccessedAt());
            assertNotNull(x.expiresAt());
            assertTrue(Duration.between(expires, x.expiresAt()).abs().compareTo(Duration.ofSeconds(1)) < 0,
                    "expiresAt kept (to the second): " + x.expiresAt());
        }
        assertTrue(Duration.between(read.createdAt(), Instant.now()).abs().compareTo(Duration.ofMinutes(5)) < 0,
                "createdAt should be close to now: " + read.createdAt());
    }

    @Test
    final void getOfAnUnknownIdIsEmpty() {
        LongTermMemory store = openLongTerm().store();

        assertEquals(Optional.empty(), store.get(newScope(), "m-404"));
    }

    @Test
    final void storeIsAnUpsertById() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        store.store(scope, memory("m-1", "first version").importance(0.2).build());

        store.store(scope, memory("m-1", "second version").importance(0.9).type(MemoryType.PROCEDURAL).build());

        Memory read = store.get(scope, "m-1").orElseThrow();
        assertEquals("second version", read.content());
        assertEquals(0.9, read.importance(), 1e-9);
        assertEquals(MemoryType.PROCEDURAL, read.type());
        assertEquals(List.of("m-1"), store.list(scope, 10).stream().map(Memory::id).toList());
    }

    @Test
    final void storeAllStoresEveryMemoryInOrder() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();

        List<Memory> stored = store.storeAll(scope, List.of(memory("m-1", "one").build(), memory("m-2", "two").build(),
                memory("m-3", "three").build()));

        assertEquals(List.of("m-1", "m-2", "m-3"), stored.stream().map(Memory::id).toList());
        assertEquals(3, store.list(scope, 10).size());
    }

    @Test
    final void listOrdersByImportanceThenNewestFirst() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        store.store(scope, memory("low", "low").importance(0.2).build());
        store.store(scope, memory("high", "high").importance(0.9).build());
        store.store(scope, memory("mid-old", "mid old").importance(0.5).build());
        Await.sleep(Duration.ofMillis(50));
        store.store(scope, memory("mid-new", "mid new").importance(0.5).build());

        assertEquals(List.of("high", "mid-new", "mid-old", "low"), store.list(scope, 10).stream().map(Memory::id).toList());
    }

    @Test
    final void listReturnsAtMostTheLimit() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        for (int i = 0; i < 5; i++) {
            store.store(scope, memory("m-" + i, "memory " + i).importance(i / 10.0).build());
        }

        assertEquals(List.of("m-4", "m-3"), store.list(scope, 2).stream().map(Memory::id).toList());
    }

    @Test
    final void deleteRemovesTheMemoryAndSaysWhetherItExisted() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        store.store(scope, memory("m-1", "to delete").embedding(axis(0)).build());
        store.store(scope, memory("m-2", "to keep").embedding(axis(0)).build());

        assertTrue(store.delete(scope, "m-1"));
        assertFalse(store.delete(scope, "m-1"));

        assertEquals(Optional.empty(), store.get(scope, "m-1"));
        assertEquals(List.of("m-2"), store.list(scope, 10).stream().map(Memory::id).toList());
        assertEquals(List.of("m-2"), ids(store.search(scope, MemoryQuery.vector(axis(0)).build())));
    }

    @Test
    final void updateImportanceChangesItAndSaysWhetherTheMemoryExisted() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        store.store(scope, memory("m-1", "matters more later").importance(0.1).build());

        assertTrue(store.updateImportance(scope, "m-1", 0.95));
        assertFalse(store.updateImportance(scope, "m-404", 0.95));

        Memory read = store.get(scope, "m-1").orElseThrow();
        assertEquals(0.95, read.importance(), 1e-9);
        assertEquals("matters more later", read.content());
    }

    @Test
    final void importanceReadsBackExactly() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        double importance = 0.123456789012345;
        double updated = 0.987654321098765;

        Memory stored = store.store(scope, memory("m-1", "precise").importance(importance).embedding(axis(0)).build());

        assertEquals(importance, stored.importance(), "store");
        assertEquals(importance, store.get(scope, "m-1").orElseThrow().importance(), "get");
        assertEquals(importance, store.list(scope, 10).get(0).importance(), "list");
        assertEquals(importance, store.search(scope, MemoryQuery.vector(axis(0)).build()).get(0).memory().importance(),
                "search");
        assertTrue(store.updateImportance(scope, "m-1", updated));
        assertEquals(updated, store.get(scope, "m-1").orElseThrow().importance(), "get after updateImportance");
    }

    @Test
    final void anEmbedderThatBreaksItsDimensionIsAConfigurationError() {
        Embedder lying = new Embedder() {
            @Override
            public int dimension() {
                return DIMENSION;
            }

            @Override
            public float[] embed(String text) {
                return new float[DIMENSION + 1];
            }

            @Override
            public String toString() {
                return "an embedder that declares " + DIMENSION + " dimensions and returns " + (DIMENSION + 1);
            }
        };
        LongTermMemory store = openLongTerm(lying).store();
        Scope scope = newScope();

        assertThrows(MemoryConfigurationException.class,
                () -> store.store(scope, memory("m-1", "embedded by the store").build()),
                "the request is valid; the store's embedder is misconfigured");
        assertThrows(MemoryConfigurationException.class,
                () -> store.storeAll(scope, List.of(memory("m-2", "embedded by the store").build())), "storeAll");
        assertThrows(MemoryConfigurationException.class, () -> store.search(scope, MemoryQuery.text("query").build()),
                "search by text");
        assertEquals(Optional.empty(), store.get(scope, "m-1"), "nothing is stored");
        assertEquals(Optional.empty(), store.get(scope, "m-2"), "nothing is stored");
    }

    @Test
    final void dimensionIsTheEmbeddersDimension() {
        assertEquals(DIMENSION, openLongTerm().store().dimension());
    }

    @Test
    final void storeEmbedsTheContentWithTheConfiguredEmbedder() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        String content = "Invoices go out on the first of each month";
        store.store(scope, memory("m-1", content).build());

        List<ScoredMemory> hits = store.search(scope,
                MemoryQuery.vector(new HashingEmbedder(DIMENSION).embed(content)).build());

        assertEquals(List.of("m-1"), ids(hits));
        assertEquals(1.0, hits.get(0).similarity(), 1e-4);
    }

    @Test
    final void searchByTextRanksTheClosestMemoryFirst() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        store.store(scope, memory("seats", "The user prefers window seats on long flights").build());
        store.store(scope, memory("invoices", "Invoices are sent on the first day of each month").build());
        store.store(scope, memory("cat", "The cat is called Miso and likes tuna").build());

        List<ScoredMemory> hits = store.search(scope, MemoryQuery.text("The user prefers window seats on long flights")
                .minSimilarity(-1).build());

        assertEquals("seats", hits.get(0).memory().id());
        assertEquals(1.0, hits.get(0).similarity(), 1e-4);
        assertEquals(3, hits.size());
    }

    @Test
    final void searchByVectorScoresByCosineSimilarityBestFirst() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        store.store(scope, memory("same", "same direction").embedding(axis(0)).build());
        store.store(scope, memory("half", "sixty degrees away").embedding(towardsAxis0(0.5)).build());
        store.store(scope, memory("close", "close").embedding(towardsAxis0(0.9)).build());

        List<ScoredMemory> hits = store.search(scope, MemoryQuery.vector(axis(0)).minSimilarity(0.1).build());

        assertEquals(List.of("same", "close", "half"), ids(hits));
        assertEquals(1.0, hits.get(0).similarity(), 1e-4);
        assertEquals(0.9, hits.get(1).similarity(), 1e-4);
        assertEquals(0.5, hits.get(2).similarity(), 1e-4);
    }

    @Test
    final void searchLeavesOutHitsBelowTheMinimumSimilarity() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        store.store(scope, memory("same", "same").embedding(axis(0)).build());
        store.store(scope, memory("half", "half").embedding(towardsAxis0(0.5)).build());
        store.store(scope, memory("orthogonal", "orthogonal").embedding(axis(1)).build());
        store.store(scope, memory("opposite", "opposite").embedding(towardsAxis0(-1)).build());

        assertEquals(List.of("same"), ids(store.search(scope, MemoryQuery.vector(axis(0)).minSimilarity(0.7).build())));
        assertEquals(List.of("same", "half"), ids(store.search(scope, MemoryQuery.vector(axis(0)).minSimilarity(0.5).build())));
        assertEquals(List.of("same", "half", "orthogonal"),
                ids(store.search(scope, MemoryQuery.vector(axis(0)).minSimilarity(0).build())), "0 is kept");
        assertEquals(4, store.search(scope, MemoryQuery.vector(axis(0)).minSimilarity(-1).build()).size());
        assertEquals(List.of("same", "half", "orthogonal", "opposite"),
                ids(store.search(scope, MemoryQuery.vector(axis(0)).build())),
                "without minSimilarity a search returns its limit best matches, whatever their scores");
        assertEquals(List.of("same", "half"), ids(store.search(scope, MemoryQuery.vector(axis(0)).limit(2).build())));
    }

    @Test
    final void searchReturnsAtMostTheLimit() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        for (int i = 0; i < 6; i++) {
            store.store(scope, memory("m-" + i, "memory " + i).embedding(towardsAxis0(1.0 - i / 100.0)).build());
        }

        assertEquals(List.of("m-0", "m-1", "m-2"), ids(store.search(scope, MemoryQuery.vector(axis(0)).limit(3).build())));
    }

    @Test
    final void searchFiltersByType() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        store.store(scope, memory("episode", "e").type(MemoryType.EPISODIC).embedding(axis(0)).build());
        store.store(scope, memory("fact", "f").type(MemoryType.SEMANTIC).embedding(axis(0)).build());
        store.store(scope, memory("howto", "h").type(MemoryType.PROCEDURAL).embedding(axis(0)).build());

        assertEquals(List.of("fact"), ids(store.search(scope, MemoryQuery.vector(axis(0)).types(MemoryType.SEMANTIC).build())));
        assertEquals(2, store.search(scope, MemoryQuery.vector(axis(0))
                .types(MemoryType.EPISODIC, MemoryType.PROCEDURAL).build()).size());
    }

    @Test
    final void searchFiltersByMinimumImportance() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        store.store(scope, memory("minor", "minor").importance(0.2).embedding(axis(0)).build());
        store.store(scope, memory("major", "major").importance(0.8).embedding(axis(0)).build());
        store.store(scope, memory("edge", "edge").importance(0.5).embedding(axis(0)).build());

        List<String> found = ids(store.search(scope, MemoryQuery.vector(axis(0)).minImportance(0.5).build()));

        assertEquals(2, found.size());
        assertTrue(found.containsAll(List.of("major", "edge")), "found " + found);
    }

    @Test
    final void searchFiltersByMetadataEquality() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        store.store(scope, memory("both", "b").metadata(Map.of("lang", "de", "topic", "billing")).embedding(axis(0)).build());
        store.store(scope, memory("lang", "l").metadata(Map.of("lang", "de")).embedding(axis(0)).build());
        store.store(scope, memory("other", "o").metadata(Map.of("lang", "fr", "topic", "billing")).embedding(axis(0)).build());
        store.store(scope, memory("none", "n").embedding(axis(0)).build());

        assertEquals(List.of("both"), ids(store.search(scope, MemoryQuery.vector(axis(0))
                .metadata(Map.of("lang", "de", "topic", "billing")).build())));
        assertEquals(2, store.search(scope, MemoryQuery.vector(axis(0)).metadata(Map.of("lang", "de")).build()).size());
        assertEquals(List.of(), store.search(scope, MemoryQuery.vector(axis(0)).metadata(Map.of("lang", "DE")).build()),
                "metadata values match exactly, case included");
    }

    @Test
    final void searchFiltersByUser() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        store.store(scope, memory("ann", "a").userId("ann").embedding(axis(0)).build());
        store.store(scope, memory("bob", "b").userId("bob").embedding(axis(0)).build());
        store.store(scope, memory("nobody", "n").embedding(axis(0)).build());

        assertEquals(List.of("ann"), ids(store.search(scope, MemoryQuery.vector(axis(0)).userId("ann").build())));
        assertEquals(3, store.search(scope, MemoryQuery.vector(axis(0)).build()).size());
    }

    @Test
    final void searchOfAnEmptyScopeFindsNothing() {
        LongTermMemory store = openLongTerm().store();

        assertEquals(List.of(), store.search(newScope(), MemoryQuery.text("anything at all").minSimilarity(-1).build()));
    }

    @Test
    final void expiredMemoriesAreNeverReturned() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        store.store(scope, memory("gone", "expired yesterday").embedding(axis(0))
                .expiresAt(Instant.now().minus(Duration.ofDays(1))).build());
        store.store(scope, memory("live", "still valid").embedding(axis(0)).build());

        assertEquals(Optional.empty(), store.get(scope, "gone"));
        assertEquals(List.of("live"), store.list(scope, 10).stream().map(Memory::id).toList());
        assertEquals(List.of("live"), ids(store.search(scope, MemoryQuery.vector(axis(0)).minSimilarity(-1).build())));
    }

    @Test
    final void aMemoryDisappearsWhenItExpires() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        store.store(scope, memory("soon", "expires in a second").embedding(axis(0))
                .expiresAt(Instant.now().plus(Duration.ofMillis(1500))).build());
        assertTrue(store.get(scope, "soon").isPresent(), "not expired yet");

        Await.assertEventually(Await.EVENTUALLY, () -> store.get(scope, "soon").isEmpty(),
                () -> "the memory should be gone after its expiresAt");
        assertEquals(List.of(), store.search(scope, MemoryQuery.vector(axis(0)).build()));
        assertEquals(List.of(), store.list(scope, 10));
    }

    @Test
    final void everySearchHitCountsAnAccess() {
        LongTermMemory store = openLongTerm().store();
        Scope scope = newScope();
        store.store(scope, memory("hit", "found").embedding(axis(0)).build());
        store.store(scope, memory("miss", "not found").embedding(axis(1)).build());
        Instant before = Instant.now().minus(Duration.ofMinutes(5));

        ScoredMemory first = store.search(scope, MemoryQuery.vector(axis(0)).minSimilarity(0.5).build()).get(0);
        ScoredMemory second = store.search(scope, MemoryQuery.vector(axis(0)).minSimilarity(0.5).build()).get(0);

        assertEquals(1, first.memory().accessCount());
        assertEquals(2, second.memory().accessCount());
        assertNotNull(second.memory().lastAccessedAt());
        assertTrue(second.memory().lastAccessedAt().isAfter(before), "lastAccessedAt: " + second.memory().lastAccessedAt());
        assertEquals(2, store.get(scope, "hit").orElseThrow().accessCount(), "get shows the accesses and is not one");
        Memory miss = store.get(scope, "miss").orElseThrow();
        assertEquals(0, miss.accessCount(), "a memory no search returned has no access");
        assertNull(miss.lastAccessedAt());
    }

    @Test
    final void healthIsUpWhileTheBackendAnswers() {
        LongTermMemory store = openLongTerm().store();
        store.list(newScope(), 1);

        Health health = store.health();

        assertEquals(Health.Status.UP, health.status(), () -> "health: " + health);
    }
}
