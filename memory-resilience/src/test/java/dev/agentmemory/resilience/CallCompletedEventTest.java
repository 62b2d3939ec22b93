package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Embedder;
import dev.agentmemory.HashingEmbedder;
import dev.agentmemory.InvalidMemoryRequestException;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryClosedException;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link ResilienceListener#onCallCompleted}: exactly one event per public call of a decorated store or embedder,
 * whatever the outcome, timing the whole call with its retries.
 */
class CallCompletedEventTest {

    @Test
    void aCallThatSucceedsAfterRetriesCompletesOnceAndItsTimeIncludesTheBackoffs() {
        FlakyShortTermMemory backend = new FlakyShortTermMemory();
        RecordingListener listener = new RecordingListener();
        try (ShortTermMemory store = Resilience.wrap(backend, Fixtures.fast().listener(listener).build())) {
            SessionRef s = Fixtures.session();
            backend.failNext.set(2);
            store.append(s, Fixtures.entry("after two blips"));
            assertEquals(3, backend.calls.get(), "three attempts reached the backend");
            assertEquals(List.of("append success"), listener.calls);
            // Failsafe sleeps whole milliseconds: each backoff lasts at least its delay cut to the millisecond.
            Duration backoffs = listener.delays.stream().map(d -> Duration.ofMillis(d.toMillis()))
                    .reduce(Duration.ZERO, Duration::plus);
            assertEquals(2, listener.delays.size());
            assertTrue(listener.callTimes.get(0).compareTo(backoffs) >= 0,
                    "the call's time " + listener.callTimes.get(0) + " includes its backoffs " + backoffs);

            assertEquals(1, store.recent(s, 10).size());
            assertEquals(1, store.size(s));
            store.clear(s);
            assertEquals(List.of("append success", "recent success", "size success", "clear success"), listener.calls);
        }
    }

    @Test
    void aCallThatGivesUpAfterItsRetriesCompletesOnceWithTheErrorTheCallerGot() {
        FlakyShortTermMemory backend = new FlakyShortTermMemory();
        RecordingListener listener = new RecordingListener();
        try (ShortTermMemory store = Resilience.wrap(backend, Fixtures.fast().maxRetries(2).listener(listener).build())) {
            backend.mode = FlakyShortTermMemory.Mode.DOWN;
            assertThrows(MemoryUnavailableException.class, () -> store.size(Fixtures.session()));
            assertEquals(3, backend.calls.get(), "three attempts reached the backend");
            assertEquals(List.of("size MemoryUnavailableException"), listener.calls);
            assertEquals(1, listener.count("exhausted size"));

            backend.mode = FlakyShortTermMemory.Mode.PERMANENT;
            assertThrows(MemoryConfigurationException.class, () -> store.recent(Fixtures.session(), 5));
            assertEquals(List.of("size MemoryUnavailableException", "recent MemoryConfigurationException"),
                    listener.calls, "a permanent error: one attempt, one event");
        }
    }

    @Test
    void aDegradedAnswerCompletesOnceAsDegraded() {
        FlakyShortTermMemory backend = new FlakyShortTermMemory();
        RecordingListener reads = new RecordingListener();
        try (ShortTermMemory store = Resilience.wrap(backend, Fixtures.fast().maxRetries(1)
                .degradation(DegradationMode.READ_EMPTY).listener(reads).build())) {
            backend.mode = FlakyShortTermMemory.Mode.DOWN;
            assertEquals(List.of(), store.recent(Fixtures.session(), 5), "an empty read while the backend is down");
            assertEquals(List.of("recent degraded"), reads.calls);
        }

        FlakyShortTermMemory buffering = new FlakyShortTermMemory();
        RecordingListener writes = new RecordingListener();
        try (ShortTermMemory store = Resilience.wrap(buffering, Fixtures.fast().maxRetries(1)
                .degradation(DegradationMode.BUFFER_WRITES).listener(writes).build())) {
            SessionRef s = Fixtures.session();
            buffering.mode = FlakyShortTermMemory.Mode.DOWN;
            assertEquals(MemoryEntry.PENDING_SEQUENCE, store.append(s, Fixtures.entry("buffered")).sequence());
            assertEquals(MemoryEntry.PENDING_SEQUENCE, store.append(s, Fixtures.entry("queued behind it")).sequence());
            assertEquals(List.of("append degraded", "append degraded"), writes.calls,
                    "the write buffered after failing and the one queued behind it, once each");
            buffering.mode = FlakyShortTermMemory.Mode.UP;
        }
        assertEquals(List.of("append degraded", "append degraded"), writes.calls, "the replay is no call of the store");
    }

    @Test
    void rejectedAndClosedCallsCompleteOnceWithTheirError() {
        FlakyShortTermMemory backend = new FlakyShortTermMemory();
        RecordingListener listener = new RecordingListener();
        ShortTermMemory store = Resilience.wrap(backend, Fixtures.fast().listener(listener).build());
        SessionRef s = Fixtures.session();
        assertThrows(InvalidMemoryRequestException.class, () -> store.appendAll(s, List.of()));
        store.close();
        assertThrows(MemoryClosedException.class, () -> store.append(s, Fixtures.entry("too late")));
        assertEquals(List.of("appendAll InvalidMemoryRequestException", "append MemoryClosedException"), listener.calls);
    }

    @Test
    void longTermCallsAndTheirEmbedderCompleteOnceEach() {
        LongTermBufferTest.Switchable backend = new LongTermBufferTest.Switchable();
        RecordingListener storeEvents = new RecordingListener();
        RecordingListener embedderEvents = new RecordingListener();
        Embedder embedder = Resilience.wrap(new ScriptedEmbedder(new HashingEmbedder(backend.dimension()), 1,
                () -> new MemoryConnectionException("embedder://test", "embed", "refused")),
                Fixtures.fast().listener(embedderEvents).build());
        try (LongTermMemory store = Resilience.wrap(backend, embedder, "switch://mem",
                Fixtures.fast().maxRetries(1).listener(storeEvents).build())) {
            Scope scope = new Scope("t-" + UUID.randomUUID(), "agent");
            backend.failNext.set(1);
            store.store(scope, NewMemory.builder("the parcel never arrived").id("m-1").build());
            store.search(scope, MemoryQuery.text("parcel").minSimilarity(0).build());
            backend.down = true;
            assertThrows(MemoryUnavailableException.class, () -> store.delete(scope, "m-1"));
            assertEquals(List.of("store success", "search success", "delete MemoryUnavailableException"),
                    storeEvents.calls);
            assertEquals(List.of("embed success", "embed success"), embedderEvents.calls,
                    "the store's text, embedded after one retry, then the query's");
        }
    }
}
