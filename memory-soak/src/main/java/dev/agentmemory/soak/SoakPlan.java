package dev.agentmemory.soak;

import java.time.Duration;

/**
 * What one soak does: how long it writes, how many threads, and how the servers are crashed.
 *
 * @param length how long the writers write
 * @param writersPerStore writer threads per short-term store (Redis, PostgreSQL); each owns its sessions
 * @param readersPerStore reader threads per short-term store, reading the writers' current sessions
 * @param longTermWriters writer threads of long-term memory on PostgreSQL; each owns its scopes
 * @param pause the pause of a writer between two writes
 * @param killsPerServer most crashes of each server; 0 for no limit
 * @param minUp shortest time a server runs before a crash
 * @param maxUp longest time a server runs before a crash
 * @param minDown shortest time a crashed server stays down
 * @param maxDown longest time a crashed server stays down
 * @param seed of the random crash times, printed so that a run's schedule can be repeated
 */
record SoakPlan(Duration length, int writersPerStore, int readersPerStore, int longTermWriters, Duration pause,
                int killsPerServer, Duration minUp, Duration maxUp, Duration minDown, Duration maxDown, long seed) {

    /** Writes per session (or per long-term scope) before a writer moves to a new one. */
    static final int WRITES_PER_SESSION = 500;
    /** Long-term memories per scope: fewer than the largest {@code list} limit, so one call reads a scope back. */
    static final int MEMORIES_PER_SCOPE = 90;
    /** Entries a short-term session keeps: more than a writer writes to it, so trimming never hides a loss. */
    static final int SESSION_MAX_ENTRIES = 2 * WRITES_PER_SESSION;
    /** No crash starts when less than this remains after its longest down time: the end must see both servers up. */
    static final Duration QUIET_END = Duration.ofSeconds(10);

    SoakPlan {
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("the soak must last a positive time, got " + length);
        }
        if (minUp.compareTo(maxUp) > 0 || minDown.compareTo(maxDown) > 0 || minDown.isNegative() || minUp.isNegative()) {
            throw new IllegalArgumentException("bad crash times: up " + minUp + ".." + maxUp + ", down " + minDown
                    + ".." + maxDown);
        }
    }

    /**
     * The {@code bin/soak} plan: six writers and two readers per short-term store, two long-term writers, 5 ms
     * between writes, each server crashed again and again, up 20 to 60 s (at most a third of the run) and down 2 to
     * 8 s each time.
     */
    static SoakPlan forMinutes(double minutes, long seed) {
        Duration length = Duration.ofMillis(Math.round(minutes * 60_000));
        Duration maxUp = min(Duration.ofSeconds(60), length.dividedBy(3));
        Duration minUp = min(Duration.ofSeconds(20), maxUp.dividedBy(2));
        return new SoakPlan(length, 6, 2, 2, Duration.ofMillis(5), 0, minUp, maxUp, Duration.ofSeconds(2),
                Duration.ofSeconds(8), seed);
    }

    /** The short soak of the test build: 60 s, one crash of each server, down 2 to 6 s. */
    static SoakPlan shortSoak(long seed) {
        return new SoakPlan(Duration.ofSeconds(60), 6, 2, 2, Duration.ofMillis(5), 1, Duration.ofSeconds(5),
                Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofSeconds(6), seed);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
