package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Filter;
import dev.agentmemory.Health;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** BUFFER_WRITES for long-term stores, over the real in-memory provider behind a switch the test controls. */
class LongTermBufferTest {

    /** The in-memory store, reachable or not. */
    static final class Switchable implements LongTermMemory {
        final LongTermMemory real = MemoryStores.longTerm("mem:", MemoryOptions.of("resilience.enabled", "false"));
        volatile boolean down;
        /** Fail this many next calls with a connection error. */
        final AtomicInteger failNext = new AtomicInteger();
        final AtomicInteger storeCalls = new AtomicInteger();

        private void check(String operation) {
            if (down || failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new MemoryConnectionException("switch://mem", operation, "connection refused");
            }
        }

        @Override
        public Memory store(Scope scope, NewMemory memory) {
            storeCalls.incrementAndGet();
            check("store");
            return real.store(scope, memory);
        }

        @Override
        public List<Memory> storeAll(Scope scope, List<NewMemory> memories) {
            check("storeAll");
            return real.storeAll(scope, memories);
        }

        @Override
        public Optional<Memory> get(Scope scope, String memoryId) {
            check("get");
            return real.get(scope, memoryId);
        }

        @Override
        public List<Memory> list(Scope scope, Filter filter, int limit) {
            check("list");
            return real.list(scope, filter, limit);
        }

        @Override
        public long count(Scope scope, Filter filter) {
            check("count");
            return real.count(scope, filter);
        }

        @Override
        public long deleteAll(Scope scope, Filter filter) {
            check("deleteAll");
            return real.deleteAll(scope, filter);
        }

        @Override
        public List<ScoredMemory> search(Scope scope, MemoryQuery query) {
            check("search");
            return real.search(scope, query);
        }

        @Override
        public boolean updateImportance(Scope scope, String memoryId, double importance) {
            check("updateImportance");
            return real.updateImportance(scope, memoryId, importance);
        }

        @Override
        public boolean delete(Scope scope, String memoryId) {
            check("delete");
            return real.delete(scope, memoryId);
        }

        @Override
        public int dimension() {
            return real.dimension();
        }

        @Override
        public Health health() {
            return down ? Health.down("switched off") : real.health();
        }

        @Override
        public void close() {
            real.close();
        }
    }

    @Test
    void storesWhileDownAreReplayedAndTheLastUpsertWins() throws Exception {
        Switchable backend = new Switchable();
        ResiliencePolicy policy = Fixtures.fast().maxRetries(1).circuitFailureThreshold(2)
                .circuitDelay(Duration.ofMillis(100)).degradation(DegradationMode.BUFFER_WRITES).build();
        try (LongTermMemory store = Resilience.wrap(backend, "switch://mem", policy)) {
            Scope scope = new Scope("t-" + UUID.randomUUID(), "agent");
            backend.down = true;
            Memory ack = store.store(scope, NewMemory.builder("first version").id("m-1").importance(0.2).build());
            assertEquals("m-1", ack.id());
            store.store(scope, NewMemory.builder("second version").id("m-1").importance(0.9).build());
            store.storeAll(scope, List.of(NewMemory.builder("other").id("m-2").build()));
            assertThrows(MemoryUnavailableException.class, () -> store.delete(scope, "m-2"),
                    "a delete must not overtake the buffered stores of its scope while the backend is down");
            assertEquals(Health.Status.DEGRADED, store.health().status());

            backend.down = false;
            Fixtures.awaitDrained("the buffer drains", Fixtures.replayStepBound(policy),
                    () -> Fixtures.buffered(store.health()));
            Memory m1 = backend.real.get(scope, "m-1").orElseThrow();
            assertEquals("second version", m1.content());
            assertEquals(0.9, m1.importance());
            assertTrue(backend.real.get(scope, "m-2").isPresent());
            assertTrue(store.delete(scope, "m-2"));
            assertEquals(List.of("m-1"), backend.real.list(scope, 10).stream().map(Memory::id).toList());
        }
    }
}
