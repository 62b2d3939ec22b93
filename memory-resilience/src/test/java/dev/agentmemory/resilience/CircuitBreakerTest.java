package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final FlakyShortTermMemory backend = new FlakyShortTermMemory();
    private final RecordingListener listener = new RecordingListener();

    @Test
    void anOpenCircuitFailsFastWithoutTouchingTheBackendThenRecovers() throws Exception {
        ResiliencePolicy policy = Fixtures.fast().maxRetries(0).circuitFailureThreshold(3)
                .circuitDelay(Duration.ofMillis(300)).listener(listener).build();
        try (ShortTermMemory store = Resilience.wrap(backend, policy)) {
            SessionRef s = Fixtures.session();
            backend.mode = FlakyShortTermMemory.Mode.DOWN;
            for (int i = 0; i < 3; i++) {
                assertThrows(MemoryUnavailableException.class, () -> store.size(s));
            }
            assertEquals(3, backend.calls.get());
            assertEquals(List.of("circuit CLOSED->OPEN"), listener.events.stream()
                    .filter(e -> e.startsWith("circuit")).toList());

            for (int i = 0; i < 50; i++) {
                MemoryUnavailableException e = assertThrows(MemoryUnavailableException.class, () -> store.size(s));
                assertTrue(e.getMessage().contains("circuit breaker open"), e::getMessage);
                assertInstanceOf(MemoryConnectionException.class, e.getCause(), "cause is the last transient error");
            }
            assertEquals(3, backend.calls.get(), "an open circuit must not touch the backend");
            backend.mode = FlakyShortTermMemory.Mode.UP;
            Health h = store.health();
            assertEquals(Health.Status.DEGRADED, h.status(), h::toString);
            assertEquals("OPEN", h.attributes().get("resilience.circuit"));

            Fixtures.await("the circuit lets a trial call through", () -> {
                try {
                    store.size(s);
                    return true;
                } catch (MemoryUnavailableException e) {
                    return false;
                }
            });
            assertEquals(4, backend.calls.get(), "exactly one trial call reached the backend");
            assertEquals(List.of("circuit CLOSED->OPEN", "circuit OPEN->HALF_OPEN", "circuit HALF_OPEN->CLOSED"),
                    listener.events.stream().filter(e -> e.startsWith("circuit")).toList());
            assertEquals(Health.Status.UP, store.health().status());
        }
    }

    @Test
    void retriesStopAsSoonAsTheCircuitOpens() {
        ResiliencePolicy policy = Fixtures.fast().maxRetries(10).circuitFailureThreshold(2)
                .circuitDelay(Duration.ofMinutes(1)).build();
        try (ShortTermMemory store = Resilience.wrap(backend, policy)) {
            backend.mode = FlakyShortTermMemory.Mode.DOWN;
            MemoryUnavailableException e = assertThrows(MemoryUnavailableException.class,
                    () -> store.size(Fixtures.session()));
            assertEquals(2, backend.calls.get());
            assertInstanceOf(MemoryConnectionException.class, e.getCause());
        }
    }

    @Test
    void aFailedTrialCallOpensTheCircuitAgain() throws Exception {
        ResiliencePolicy policy = Fixtures.fast().maxRetries(0).circuitFailureThreshold(1)
                .circuitDelay(Duration.ofMillis(100)).listener(listener).build();
        try (ShortTermMemory store = Resilience.wrap(backend, policy)) {
            SessionRef s = Fixtures.session();
            backend.mode = FlakyShortTermMemory.Mode.DOWN;
            assertThrows(MemoryUnavailableException.class, () -> store.size(s));
            Fixtures.await("a trial call", () -> {
                assertThrows(MemoryUnavailableException.class, () -> store.size(s));
                return backend.calls.get() == 2;
            });
            assertEquals(List.of("circuit CLOSED->OPEN", "circuit OPEN->HALF_OPEN", "circuit HALF_OPEN->OPEN"),
                    listener.events.stream().filter(e -> e.startsWith("circuit")).toList());
        }
    }
}
