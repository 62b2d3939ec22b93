package dev.agentmemory.resilience.internal;

import dev.agentmemory.resilience.ResiliencePolicy;
import java.time.Duration;

/** The backoff delays of a {@link ResiliencePolicy}. */
final class Backoff {

    private Backoff() {
    }

    /**
     * The delay before the next attempt: {@code min(initial * 2^(failedAttempts - 1), max)}, reduced by a random
     * fraction of at most {@code jitter} ("subtractive" jitter), so it never exceeds the maximum and never falls
     * below {@code (1 - jitter)} times its exponential value.
     *
     * @param policy the policy
     * @param failedAttempts attempts failed so far, at least 1
     * @param random a uniform number in [0, 1)
     * @return the delay
     */
    static Duration delay(ResiliencePolicy policy, int failedAttempts, double random) {
        double initial = policy.backoffInitial().toNanos();
        double max = policy.backoffMax().toNanos();
        double exponential = Math.min(initial * Math.pow(2, Math.max(0, failedAttempts - 1)), max);
        return Duration.ofNanos((long) (exponential * (1.0 - policy.jitter() * random)));
    }
}
