package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The delays a real call goes through: reported to listeners, and slept between the attempts the backend sees. */
class BackoffBehaviourTest {

    private static final Duration INITIAL = Duration.ofMillis(10);
    private static final Duration MAX = Duration.ofMillis(80);

    @Test
    void delaysGrowAreJitteredRespectTheMaximumAndAreSlept() {
        Set<Duration> firstDelays = new HashSet<>();
        for (int run = 0; run < 5; run++) {
            FlakyShortTermMemory backend = new FlakyShortTermMemory();
            RecordingListener listener = new RecordingListener();
            ResiliencePolicy policy = ResiliencePolicy.builder().maxRetries(6).backoff(INITIAL, MAX).jitter(0.5)
                    .circuitFailureThreshold(100).listener(listener).build();
            try (ShortTermMemory store = Resilience.wrap(backend, policy)) {
                backend.mode = FlakyShortTermMemory.Mode.DOWN;
                assertThrows(MemoryUnavailableException.class, () -> store.size(Fixtures.session()));
            }
            List<Duration> delays = listener.delays;
            assertEquals(6, delays.size());
            for (int i = 0; i < delays.size(); i++) {
                long nominal = Math.min(INITIAL.toNanos() << i, MAX.toNanos());
                long d = delays.get(i).toNanos();
                assertTrue(d <= nominal && d <= MAX.toNanos(), "delay " + (i + 1) + " " + delays.get(i) + " above " + nominal);
                assertTrue(d >= nominal / 2, "delay " + (i + 1) + " " + delays.get(i) + " below half of " + nominal);
                if (i > 0 && i < 4) {
                    assertTrue(delays.get(i).compareTo(delays.get(i - 1)) >= 0, "delays grow: " + delays);
                }
            }
            // The backend saw each next attempt no sooner than the reported delay after the previous one.
            List<Long> at = new ArrayList<>(backend.callNanos);
            assertEquals(7, at.size());
            for (int i = 1; i < at.size(); i++) {
                long gap = at.get(i) - at.get(i - 1);
                assertTrue(gap >= delays.get(i - 1).toNanos() - Duration.ofMillis(1).toNanos(),
                        "attempt " + (i + 1) + " came " + gap + " ns after the previous one, delay was " + delays.get(i - 1));
            }
            firstDelays.add(delays.get(0));
        }
        assertTrue(firstDelays.size() > 1, "jitter: five runs all waited exactly " + firstDelays);
    }
}
