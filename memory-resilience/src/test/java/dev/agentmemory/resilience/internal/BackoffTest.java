package dev.agentmemory.resilience.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.resilience.ResiliencePolicy;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final ResiliencePolicy policy = ResiliencePolicy.builder()
            .backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)).jitter(0.5).build();

    @Test
    void withoutRandomnessTheDelayDoublesUpToTheMaximum() {
        long[] expected = {1000, 2000, 4000, 8000, 10000, 10000, 10000};
        for (int n = 1; n <= expected.length; n++) {
            assertEquals(Duration.ofMillis(expected[n - 1]), Backoff.delay(policy, n, 0.0), "retry " + n);
        }
        assertEquals(Duration.ofSeconds(10), Backoff.delay(policy, 10_000, 0.0), "no overflow for huge counts");
    }

    @Test
    void jitterTakesAtMostItsFractionOffAndNeverExceedsTheMaximum() {
        Random random = new Random(42);
        for (int n = 1; n <= 8; n++) {
            long nominal = Math.min(1000L << (n - 1), 10_000L);
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                long d = Backoff.delay(policy, n, random.nextDouble()).toMillis();
                assertTrue(d <= nominal && d <= 10_000, "retry " + n + ": " + d + " > " + nominal);
                assertTrue(d >= nominal / 2, "retry " + n + ": " + d + " < half of " + nominal);
                seen.add(d);
            }
            assertTrue(seen.size() > 100, "retry " + n + " is jittered: " + seen.size() + " distinct delays");
        }
    }

    @Test
    void withHalfJitterEachDelayIsAtLeastThePreviousUntilTheMaximum() {
        Random random = new Random(7);
        for (int run = 0; run < 1000; run++) {
            Duration previous = Duration.ZERO;
            for (int n = 1; n <= 4; n++) {
                Duration d = Backoff.delay(policy, n, random.nextDouble());
                assertTrue(d.compareTo(previous) >= 0, "retry " + n + " shrank: " + previous + " -> " + d);
                previous = d;
            }
        }
    }
}
