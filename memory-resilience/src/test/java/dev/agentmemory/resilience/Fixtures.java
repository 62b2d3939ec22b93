package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.tck.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

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

    /** Appends n entries that the store must buffer (its backend is down); @return their ids, in order */
    static List<String> appendBuffered(ShortTermMemory store, SessionRef s, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NewEntry e = entry("turn " + i);
            assertEquals(MemoryEntry.PENDING_SEQUENCE, store.append(s, e).sequence(), "buffered, not written");
            ids.add(e.id());
        }
        return ids;
    }

    /**
     * How long the tests wait for something that the code under test does within a few of its own short delays
     * (a thread starting, a circuit half-opening after milliseconds): a guard against a hang, far above those
     * bounds. Work whose length grows with its size (draining a buffer) is waited for by {@link #awaitDrained}.
     */
    static final Duration HANG_GUARD = Duration.ofSeconds(20);

    /**
     * How much longer than its computed bound a step may take on a loaded machine (the suite runs on two cores
     * shared with other builds; a load average of 8 was seen).
     */
    private static final int LOAD_FACTOR = 3;

    /** The attempt timer's coarsest tick: an attempt is interrupted up to this long after its timeout. */
    private static final Duration TIMER_TICK = Duration.ofMillis(100);

    /** Waits, with {@link #HANG_GUARD} meant only to stop a hang, until the condition holds. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.assertEventually(HANG_GUARD, condition, () -> "timed out waiting for: " + what);
    }

    /**
     * The longest one call through the policy can take: no attempt starts after the budget, and the last one ends
     * at its timeout (plus the timer's tick); times {@link #LOAD_FACTOR}, and never less than {@link #HANG_GUARD}.
     */
    static Duration callBound(ResiliencePolicy policy) {
        return loaded(policy.budget().plus(policy.attemptTimeout()).plus(TIMER_TICK));
    }

    /**
     * The longest the write buffer's replay can go without writing anything while the backend answers: one attempt
     * (its timeout plus the timer's tick), then the wait before the next replay (the circuit's delay or the first
     * backoff, whichever is longer) when it failed; times {@link #LOAD_FACTOR}, never less than {@link #HANG_GUARD}.
     */
    static Duration replayStepBound(ResiliencePolicy policy) {
        Duration retryDelay = policy.circuitDelay().compareTo(policy.backoffMax()) > 0 ? policy.circuitDelay()
                : policy.backoffMax();
        return loaded(policy.attemptTimeout().plus(TIMER_TICK).plus(retryDelay));
    }

    private static Duration loaded(Duration bound) {
        Duration scaled = bound.multipliedBy(LOAD_FACTOR);
        return scaled.compareTo(HANG_GUARD) > 0 ? scaled : HANG_GUARD;
    }

    /**
     * Waits until nothing remains of work whose length grows with its size (a buffer replayed one write per round
     * trip) but whose every step has a bound: as long as {@code remaining} keeps going down, it waits; it fails only
     * when {@code remaining} has not gone down for {@code stall}, the bound of one step. Polls every 100 ms, since
     * {@code remaining} may cost a round trip to the backend.
     *
     * @param what what is awaited, for the failure message
     * @param stall the longest a step may take, for example {@link #replayStepBound}
     * @param remaining how much is left; done at zero
     */
    static void awaitDrained(String what, Duration stall, LongSupplier remaining) throws InterruptedException {
        long lowest = remaining.getAsLong();
        long progressAt = System.nanoTime();
        while (lowest > 0) {
            // The poll interval of this progress wait: each look at remaining may cost a round trip.
            Thread.sleep(100);
            long now = remaining.getAsLong();
            if (now < lowest) {
                lowest = now;
                progressAt = System.nanoTime();
            } else if (System.nanoTime() - progressAt > stall.toNanos()) {
                throw new AssertionError(what + ": no progress for " + stall.toMillis() + " ms (the bound of one step)"
                        + " with " + now + " left");
            }
        }
    }

    /** How many writes a resilient store holds in its write buffer, from its health. */
    static long buffered(Health health) {
        return Long.parseLong(health.attributes().get("resilience.buffered"));
    }
}
