package dev.agentmemory.faultproxy;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;

/** Bounded waiting in the proxy's tests: the bounds only say "does not hang", never how fast. */
final class Await {

    private Await() {
    }

    static void assertEventually(Duration within, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                Assertions.fail("not within " + within.toMillis() + " ms: " + what.get());
            }
            sleep(Duration.ofMillis(20));
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
