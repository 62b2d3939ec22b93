package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadEmptyTest {

    @Test
    void readsComeBackEmptyWhileDownWritesStillFailAndRecoveryIsReported() throws Exception {
        FlakyShortTermMemory backend = new FlakyShortTermMemory();
        RecordingListener listener = new RecordingListener();
        ResiliencePolicy policy = Fixtures.fast().maxRetries(1).circuitFailureThreshold(2)
                .circuitDelay(Duration.ofMillis(100)).degradation(DegradationMode.READ_EMPTY).listener(listener).build();
        try (ShortTermMemory store = Resilience.wrap(backend, policy)) {
            SessionRef s = Fixtures.session();
            store.append(s, Fixtures.entry("kept"));
            backend.mode = FlakyShortTermMemory.Mode.DOWN;

            assertEquals(List.of(), store.recent(s, 10));
            assertEquals(Optional.empty(), store.get(s, "some-id"));
            assertEquals(0, store.size(s));
            assertThrows(MemoryUnavailableException.class, () -> store.append(s, Fixtures.entry("lost?")),
                    "READ_EMPTY degrades reads only; a write is never silently dropped");
            Health h = store.health();
            assertEquals(Health.Status.DEGRADED, h.status(), h::toString);
            assertEquals(1, listener.count("degraded READ_EMPTY"), "one start event per degraded period");

            backend.mode = FlakyShortTermMemory.Mode.UP;
            Fixtures.await("reads reach the backend again", () -> store.recent(s, 10).size() == 1);
            assertEquals(1, listener.count("recovered READ_EMPTY"));
            assertEquals(Health.Status.UP, store.health().status());
            assertEquals(1, backend.stored(s).size());
        }
    }

    @Test
    void inFailModeADownBackendIsReportedDown() {
        FlakyShortTermMemory backend = new FlakyShortTermMemory();
        try (ShortTermMemory store = Resilience.wrap(backend, Fixtures.fast().build())) {
            backend.mode = FlakyShortTermMemory.Mode.DOWN;
            assertEquals(Health.Status.DOWN, store.health().status());
            assertThrows(MemoryUnavailableException.class, () -> store.recent(Fixtures.session(), 1));
        }
    }
}
