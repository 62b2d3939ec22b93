package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ListenerTest {

    /** Throws from every event. */
    static final class ThrowingListener implements ResilienceListener {
        final AtomicInteger calls = new AtomicInteger();

        private void boom() {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        }

        @Override
        public void onRetry(String backend, String operation, int failedAttempts, Duration delay, MemoryException error) {
            boom();
        }

        @Override
        public void onRetriesExhausted(String backend, String operation, int attempts, MemoryException lastError) {
            boom();
        }

        @Override
        public void onCircuitStateChange(String backend, CircuitState from, CircuitState to) {
            boom();
        }

        @Override
        public void onDegradationStart(String backend, DegradationMode mode, String reason) {
            boom();
        }

        @Override
        public void onWriteBuffered(String backend, String operation, int pending) {
            boom();
        }

        @Override
        public void onCallCompleted(String backend, String operation, Duration elapsed, String outcome) {
            boom();
        }
    }

    @Test
    void aThrowingListenerBreaksNeitherTheCallNorTheOtherListeners() {
        FlakyShortTermMemory backend = new FlakyShortTermMemory();
        ThrowingListener throwing = new ThrowingListener();
        RecordingListener recording = new RecordingListener();
        ResiliencePolicy policy = Fixtures.fast().maxRetries(2).circuitFailureThreshold(3)
                .degradation(DegradationMode.BUFFER_WRITES).listener(throwing).listener(recording).build();
        try (ShortTermMemory store = Resilience.wrap(backend, policy)) {
            SessionRef s = Fixtures.session();
            backend.failNext.set(2);
            store.append(s, Fixtures.entry("survives two blips"));
            assertEquals(1, backend.stored(s).size());

            backend.mode = FlakyShortTermMemory.Mode.DOWN;
            store.append(s, Fixtures.entry("buffered"));
            backend.mode = FlakyShortTermMemory.Mode.UP;
        }
        assertEquals(List.of("retry append 1", "retry append 2", "retry append 1", "retry append 2",
                "circuit CLOSED->OPEN", "exhausted append 3", "degraded BUFFER_WRITES"), recording.events.subList(0, 7));
        assertEquals(List.of("append success", "append degraded"), recording.calls, "each call completed once");
        assertEquals(10, throwing.calls.get(),
                "the throwing listener was called for every event, the buffered write and both completed calls too");
    }

    @Test
    void aThrowingListenerDoesNotChangeWhatTheCallerSees() {
        FlakyShortTermMemory backend = new FlakyShortTermMemory();
        ResiliencePolicy policy = Fixtures.fast().maxRetries(1).listener(new ThrowingListener()).build();
        try (ShortTermMemory store = Resilience.wrap(backend, policy)) {
            backend.mode = FlakyShortTermMemory.Mode.DOWN;
            assertThrows(MemoryUnavailableException.class, () -> store.size(Fixtures.session()));
        }
    }
}
