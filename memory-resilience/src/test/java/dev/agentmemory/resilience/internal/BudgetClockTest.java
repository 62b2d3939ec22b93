package dev.agentmemory.resilience.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.resilience.ResiliencePolicy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The time budget of a call is measured on the monotonic clock the store is given, never on the wall clock, which
 * Failsafe's {@code withMaxDuration} used ({@code Instant.now()}): a wall clock set back during a call would let it
 * retry past its budget. Here each attempt takes 100 ms of the test's clock while the wall clock barely moves; a
 * budget on the wall clock retries 100 times (98 before the fix).
 */
class BudgetClockTest {

    private static final String BACKEND = "budget://test";

    @Test
    void theBudgetIsSpentOnTheStoresClockNotOnTheWallClock() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        Duration attempt = Duration.ofMillis(100);
        SwitchableStore backend = new SwitchableStore(BACKEND, () -> now.addAndGet(attempt.toNanos()));
        ResiliencePolicy policy = ResiliencePolicy.builder().maxRetries(100)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(1)).jitter(0)
                .budget(Duration.ofMillis(350)).circuitFailureThreshold(10_000).build();
        try (ShortTermMemory store = new ResilientShortTermMemory(backend, BACKEND, policy, Duration.ofHours(1),
                now::get)) {
            MemoryUnavailableException e = assertThrows(MemoryUnavailableException.class,
                    () -> store.size(SessionRef.of("t", "a", "s")));
            // Attempts end at 100, 200, 300 and 400 ms of the store's clock: the fourth starts at 300 ms (inside the
            // budget), and no retry follows it.
            assertEquals(4, backend.calls.get(), e::getMessage);
            assertTrue(e.getMessage().contains("gave up after 4 attempts in 400 ms"), e::getMessage);
        }
    }
}
