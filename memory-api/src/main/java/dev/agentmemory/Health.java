package dev.agentmemory;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a store knows about its backend right now. Immutable and thread-safe.
 *
 * @param status up, degraded or down
 * @param detail one human-readable line
 * @param latency the round-trip time of the check, or {@code null} if no round trip was made
 * @param attributes facts worth showing on a dashboard (for example {@code searchMode=cube})
 */
public record Health(Status status, String detail, @Nullable Duration latency, Map<String, String> attributes) {

    /** The three states of a store. */
    public enum Status {
        /** The backend answers and the store works normally. */
        UP,
        /**
         * The store answers, but not normally: a circuit is open, writes are buffered, reads come back empty; or the
         * backend answers but cannot take more work now (the store's connection pool is exhausted, the server is
         * loading its data set or asks to try again), which is what a {@link MemoryBusyException} reports. Every
         * provider reports a busy backend this way, never as {@link #DOWN}, so that an operator adds capacity
         * instead of looking for an outage.
         */
        DEGRADED,
        /** The backend does not answer: it refuses or drops connections, or does not respond within the timeout. */
        DOWN
    }

    /**
     * Checks that every field but the latency is given, and copies the attributes.
     *
     * @param status up, degraded or down
     * @param detail one human-readable line
     * @param latency the round-trip time of the check, or {@code null} if no round trip was made
     * @param attributes facts worth showing on a dashboard (for example {@code searchMode=cube})
     * @throws InvalidMemoryRequestException if {@code status}, {@code detail} or {@code attributes} is null
     */
    public Health {
        Requests.notNull("Health", "status", status);
        Requests.notNull("Health", "detail", detail);
        attributes = Map.copyOf(Requests.notNull("Health", "attributes", attributes));
    }

    /**
     * A health for a store that works normally.
     *
     * @param detail one human-readable line
     * @param latency the round-trip time of the check, or {@code null} if no round trip was made
     * @return an {@link Status#UP} health without attributes
     */
    public static Health up(String detail, @Nullable Duration latency) {
        return new Health(Status.UP, detail, latency, Map.of());
    }

    /**
     * A health for a store that answers, but not normally.
     *
     * @param detail one human-readable line saying what is not normal
     * @return a {@link Status#DEGRADED} health without latency or attributes
     */
    public static Health degraded(String detail) {
        return new Health(Status.DEGRADED, detail, null, Map.of());
    }

    /**
     * A health for a store whose backend does not answer.
     *
     * @param detail one human-readable line saying why
     * @return a {@link Status#DOWN} health without latency or attributes
     */
    public static Health down(String detail) {
        return new Health(Status.DOWN, detail, null, Map.of());
    }

    /**
     * This health with one more attribute.
     *
     * @param key the attribute name
     * @param value its value
     * @return a copy
     */
    public Health with(String key, String value) {
        Requests.notNull("Health", "key", key);
        Requests.notNull("Health", "value", value);
        Map<String, String> copy = new java.util.LinkedHashMap<>(attributes);
        copy.put(key, value);
        return new Health(status, detail, latency, copy);
    }
}
