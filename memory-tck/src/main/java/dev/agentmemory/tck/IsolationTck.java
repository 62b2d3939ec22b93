package dev.agentmemory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.NewEntry;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.tck.StoreFixture.Capability;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Tenant and agent isolation: no read, search, update, delete, expire or clear crosses a tenant or an agent,
 * whatever ids are passed, including ids that would collide if a provider joined them into one key carelessly
 * ({@code "a:b" + "c"} against {@code "a" + "b:c"}).
 *
 * <p>Short-term tests are skipped without {@link StoreFixture.Capability#SHORT_TERM}, long-term tests without
 * {@link StoreFixture.Capability#LONG_TERM}.
 */
public abstract class IsolationTck extends TckBase {

    /** Run through {@link ProviderTck}, which extends every suite once; a provider extends that class. */
    IsolationTck() {
    }

    /** Scopes that share a tenant or an agent (or both ids, swapped) with a scope, but are other scopes. */
    private List<Scope> neighboursOf(Scope home) {
        List<Scope> others = List.of(
                new Scope(home.tenant(), Ids.unique("agent")),
                new Scope(Ids.unique("tenant"), home.agent()),
                new Scope(home.agent(), home.tenant()));
        others.forEach(this::track);
        return others;
    }

    /** Pairs of scopes whose ids, joined with ':' or '.', would be equal. */
    private List<Scope[]> lookAlikes() {
        String base = Ids.unique("x");
        List<Scope[]> pairs = List.of(
                new Scope[] {new Scope(base + ":y", "z"), new Scope(base, "y:z")},
                new Scope[] {new Scope(base + ".y", "z"), new Scope(base, "y.z")},
                new Scope[] {new Scope(base + "-y", "z"), new Scope(base, "y-z")},
                new Scope[] {new Scope(base + "@y", "z"), new Scope(base, "y@z")});
        pairs.forEach(p -> {
            track(p[0]);
            track(p[1]);
        });
        return pairs;
    }

    @Test
    @RequiresCapability(Capability.SHORT_TERM)
    final void shortTermReadsDoNotCrossTenantOrAgent() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef home = newSession();
        store.append(home, new NewEntry("e-1", "user", "private", Map.of(), 0.5));

        for (Scope other : neighboursOf(home.scope())) {
            SessionRef there = other.session(home.session());
            track(there);
            assertEquals(0, store.size(there), "size in " + other);
            assertEquals(List.of(), store.recent(there, 10), "recent in " + other);
            assertEquals(Optional.empty(), store.get(there, "e-1"), "get in " + other);
        }
    }

    @Test
    @RequiresCapability(Capability.SHORT_TERM)
    final void shortTermWritesDoNotCrossTenantOrAgent() {
        ShortTermMemory store = openShortTerm().store();
        SessionRef home = newSession();
        store.append(home, new NewEntry("e-1", "user", "private", Map.of(), 0.5));

        for (Scope other : neighboursOf(home.scope())) {
            SessionRef there = other.session(home.session());
            track(there);
            store.clear(there);
            assertFalse(store.expire(there, Duration.ofMillis(1)), "expire in " + other);
            store.append(there, new NewEntry("e-1", "user", "theirs", Map.of(), 0.5));
        }

        assertEquals(1, store.size(home));
        assertEquals("private", store.get(home, "e-1").orElseThrow().content());
    }

    @Test
    @RequiresCapability(Capability.SHORT_TERM)
    final void shortTermLookAlikeIdsAreDifferentSessions() {
        ShortTermMemory store = openShortTerm().store();
        String session = Ids.unique("s");
        for (Scope[] pair : lookAlikes()) {
            SessionRef one = pair[0].session(session);
            SessionRef two = pair[1].session(session);
            track(one);
            track(two);
            store.append(one, new NewEntry("e-1", "user", "one " + pair[0], Map.of(), 0.5));
            store.append(two, new NewEntry("e-1", "user", "two " + pair[1], Map.of(), 0.5));

            assertEquals("one " + pair[0], store.get(one, "e-1").orElseThrow().content());
            assertEquals("two " + pair[1], store.get(two, "e-1").orElseThrow().content());
            store.clear(one);
            assertEquals(1, store.size(two), "clear of " + pair[0] + " must not touch " + pair[1]);
        }
    }

    @Test
    @RequiresCapability(Capability.SHORT_TERM)
    final void shortTermLookAlikeSessionIdsAreDifferentSessions() {
        ShortTermMemory store = openShortTerm().store();
        String base = Ids.unique("x");
        SessionRef one = SessionRef.of(base, "a:b", "c");
        SessionRef two = SessionRef.of(base, "a", "b:c");
        track(one);
        track(two);
        store.append(one, new NewEntry("e-1", "user", "one", Map.of(), 0.5));

        assertEquals(0, store.size(two));
        store.append(two, new NewEntry("e-1", "user", "two", Map.of(), 0.5));
        assertEquals("one", store.get(one, "e-1").orElseThrow().content());
    }

    private static NewMemory memory(String id, String content) {
        return NewMemory.builder(content).id(id).userId("user-1").embedding(LongTermMemoryTck.axis(0)).importance(0.4).build();
    }

    @Test
    @RequiresCapability(Capability.LONG_TERM)
    final void longTermReadsAndSearchesDoNotCrossTenantOrAgent() {
        LongTermMemory store = openLongTerm().store();
        Scope home = newScope();
        store.store(home, memory("m-1", "private"));

        for (Scope other : neighboursOf(home)) {
            assertEquals(Optional.empty(), store.get(other, "m-1"), "get in " + other);
            assertEquals(List.of(), store.list(other, 100), "list in " + other);
            assertEquals(List.of(), store.search(other, MemoryQuery.vector(LongTermMemoryTck.axis(0)).minSimilarity(-1).build()),
                    "search by vector in " + other);
            assertEquals(List.of(), store.search(other, MemoryQuery.text("private").minSimilarity(-1).userId("user-1").build()),
                    "search by text and user in " + other);
        }
        assertEquals(0, store.get(home, "m-1").orElseThrow().accessCount(), "no search elsewhere counted an access here");
    }

    @Test
    @RequiresCapability(Capability.LONG_TERM)
    final void longTermWritesDoNotCrossTenantOrAgent() {
        LongTermMemory store = openLongTerm().store();
        Scope home = newScope();
        store.store(home, memory("m-1", "private"));

        for (Scope other : neighboursOf(home)) {
            assertFalse(store.delete(other, "m-1"), "delete in " + other);
            assertFalse(store.updateImportance(other, "m-1", 1.0), "updateImportance in " + other);
            store.store(other, memory("m-1", "theirs " + other));
        }

        Memory mine = store.get(home, "m-1").orElseThrow();
        assertEquals("private", mine.content());
        assertEquals(0.4, mine.importance(), 1e-9);
        assertEquals(1, store.list(home, 100).size());
    }

    @Test
    @RequiresCapability(Capability.LONG_TERM)
    final void longTermLookAlikeIdsAreDifferentScopes() {
        LongTermMemory store = openLongTerm().store();
        for (Scope[] pair : lookAlikes()) {
            store.store(pair[0], memory("m-1", "one"));

            assertEquals(List.of(), store.list(pair[1], 100), pair[1] + " sees nothing of " + pair[0]);
            assertFalse(store.delete(pair[1], "m-1"));
            assertEquals("one", store.get(pair[0], "m-1").orElseThrow().content());
        }
    }
}
