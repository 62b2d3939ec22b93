package dev.agentmemory.resilience;

import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Small helpers shared by the tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** A policy with delays of milliseconds, so tests run fast. */
    static ResiliencePolicy.Builder fast() {
        return ResiliencePolicy.builder()
                .maxRetries(3)
                .backoff(Duration.ofMillis(5), Duration.ofMillis(40))
                .attemptTimeout(Duration.ofSeconds(5))
                .budget(Duration.ofSeconds(10))
                .circuitFailureThreshold(1000)
                .circuitDelay(Duration.ofMillis(200));
    }

    static SessionRef session() {
        return SessionRef.of("t-" + UUID.randomUUID(), "agent", "s-" + UUID.randomUUID());
    }

    static NewEntry entry(String content) {
        return new NewEntry(UUID.randomUUID().toString(), "user", content, Map.of(), 0.5);
    }

    /** Waits, with a generous bound meant only to stop a hang, until the condition holds. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }
}
