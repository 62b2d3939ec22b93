package dev.agentmemory.tck;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;

/**
 * Bounded waiting for things that happen asynchronously (a server noticing a closed socket, a TTL passing). The
 * bounds are generous: they only say "does not hang", never how fast something must be. The TCK's suites and the
 * providers' own tests wait through this one class. Stateless and thread-safe.
 */
public final class Await {

    /** How long the TCK waits for something that must happen eventually. */
    public static final Duration EVENTUALLY = Duration.ofSeconds(15);

    private Await() {
    }

    /**
     * Polls until the condition holds.
     *
     * @param within the bound
     * @param condition the condition
     * @return true if it held within the bound
     */
    public static boolean until(Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            sleep(Duration.ofMillis(20));
        }
    }

    /**
     * Polls until the condition holds, or fails the test with a message.
     *
     * @param within the bound
     * @param condition the condition
     * @param what what was expected, for the failure message
     */
    public static void assertEventually(Duration within, BooleanSupplier condition, Supplier<String> what) {
        if (!until(within, condition)) {
            Assertions.fail("not within " + within.toMillis() + " ms: " + what.get());
        }
    }

    /**
     * Sleeps for a fixed time: only where the time itself is what a test exercises (a pace, a hold, a window in
     * which nothing may happen), never to wait for something to happen.
     *
     * @param d how long
     * @throws AssertionError if the thread is interrupted (its interrupt flag is set again)
     */
    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
