package dev.agentmemory.resilience;

import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a resilient store or embedder treats failures: retries, backoff, timeouts, circuit breaker, bulkhead and
 * degradation. Immutable and thread-safe; built with {@link #builder()} or read from options with
 * {@link #fromOptions(MemoryOptions)}, and validated when built.
 *
 * <p>What a call goes through, outermost first:
 * <ol>
 *   <li><b>Bulkhead</b>: at most {@link #bulkhead()} calls in flight; the next one fails at once with
 *       {@link dev.agentmemory.MemoryBusyException}.</li>
 *   <li><b>Retries</b>: only a {@link dev.agentmemory.TransientMemoryException} is retried, at most
 *       {@link #maxRetries()} times, after a delay that doubles from {@link #backoffInitial()} up to
 *       {@link #backoffMax()}, drawn uniformly from {@code [d * (1 - jitter), d]} so it never exceeds the maximum.
 *       A retry is made only when its whole backoff delay ends within {@link #budget()}, so no attempt starts once
 *       it is spent. Exhausted retries throw
 *       {@link dev.agentmemory.MemoryUnavailableException} with the last transient error as cause. A permanent error
 *       is attempted once and passes through unchanged. An interrupted caller stops retrying at once, keeps its
 *       interrupt flag and gets a {@link dev.agentmemory.MemoryUnavailableException}.</li>
 *   <li><b>Circuit breaker</b>, one per wrapped store (a store talks to one backend): after
 *       {@link #circuitFailureThreshold()} consecutive transient failures it opens; while open, calls fail fast with
 *       {@link dev.agentmemory.MemoryUnavailableException} (cause: the last transient error) without touching the
 *       backend; after {@link #circuitDelay()} one trial call decides between closing and opening again. Permanent
 *       errors are not counted.</li>
 *   <li><b>Attempt timeout</b>: an attempt running longer than {@link #attemptTimeout()} is interrupted and counts as a
 *       transient {@link dev.agentmemory.MemoryTimeoutException}.</li>
 * </ol>
 * When the backend stays unavailable, {@link #degradation()} decides what the caller sees.
 */
public final class ResiliencePolicy {

    private final int maxRetries;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final double jitter;
    private final Duration attemptTimeout;
    private final Duration budget;
    private final int circuitFailureThreshold;
    private final Duration circuitDelay;
    private final int bulkhead;
    private final DegradationMode degradation;
    private final int bufferMaxEntries;
    private final long bufferMaxBytes;
    private final Duration bufferFlushTimeout;
    private final Duration bufferProbeInterval;
    private final int bufferReplayBatch;
    private final int bufferReplayConcurrency;
    /** As set: 0 derives it from the bulkhead, also in a copy whose bulkhead changes. */
    private final int bufferReplayConcurrencySetting;
    private final int bufferReplayRate;
    private final Duration logInterval;
    private final List<ResilienceListener> listeners;

    private ResiliencePolicy(Builder b) {
        maxRetries = b.maxRetries;
        backoffInitial = b.backoffInitial;
        backoffMax = b.backoffMax;
        jitter = b.jitter;
        attemptTimeout = b.attemptTimeout;
        budget = b.budget;
        circuitFailureThreshold = b.circuitFailureThreshold;
        circuitDelay = b.circuitDelay;
        bulkhead = b.bulkhead;
        degradation = b.degradation;
        bufferMaxEntries = b.bufferMaxEntries;
        bufferMaxBytes = b.bufferMaxBytes;
        bufferFlushTimeout = b.bufferFlushTimeout;
        bufferProbeInterval = b.bufferProbeInterval;
        bufferReplayBatch = b.bufferReplayBatch;
        bufferReplayConcurrencySetting = b.bufferReplayConcurrency;
        bufferReplayConcurrency = b.bufferReplayConcurrency > 0 ? b.bufferReplayConcurrency
                : Math.max(1, b.bulkhead / 2);
        bufferReplayRate = b.bufferReplayRate;
        logInterval = b.logInterval;
        listeners = List.copyOf(b.listeners);
    }

    /** @return a builder with every value at its default ({@link ResilienceOptions}) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the default policy */
    public static ResiliencePolicy defaults() {
        return builder().build();
    }

    /**
     * Reads a policy from options: every key of {@link ResilienceOptions}; the bulkhead defaults to
     * {@code pool.max-size} (default {@value dev.agentmemory.MemoryDefaults#POOL_MAX_SIZE}), the flush timeout to
     * {@code close-timeout}.
     *
     * @param options the options
     * @return the policy
     * @throws MemoryConfigurationException if a value is malformed or out of range; the message names the option
     */
    public static ResiliencePolicy fromOptions(MemoryOptions options) {
        Objects.requireNonNull(options, "options");
        return builder()
                .maxRetries(options.get(ResilienceOptions.MAX_RETRIES))
                .backoff(options.get(ResilienceOptions.BACKOFF_INITIAL), options.get(ResilienceOptions.BACKOFF_MAX))
                .jitter(options.get(ResilienceOptions.JITTER))
                .attemptTimeout(options.get(ResilienceOptions.ATTEMPT_TIMEOUT))
                .budget(options.get(ResilienceOptions.BUDGET))
                .circuitFailureThreshold(options.get(ResilienceOptions.CIRCUIT_FAILURE_THRESHOLD))
                .circuitDelay(options.get(ResilienceOptions.CIRCUIT_DELAY))
                .bulkhead(options.find(ResilienceOptions.BULKHEAD)
                        .orElseGet(() -> options.get(MemoryOptions.POOL_MAX_SIZE)))
                .degradation(options.get(ResilienceOptions.DEGRADATION))
                .bufferMaxEntries(options.get(ResilienceOptions.BUFFER_MAX_ENTRIES))
                .bufferMaxBytes(options.get(ResilienceOptions.BUFFER_MAX_BYTES))
                .bufferFlushTimeout(options.find(ResilienceOptions.BUFFER_FLUSH_TIMEOUT)
                        .orElseGet(() -> options.get(MemoryOptions.CLOSE_TIMEOUT)))
                .bufferReplayBatch(options.get(ResilienceOptions.BUFFER_REPLAY_BATCH))
                .bufferReplayConcurrency(options.get(ResilienceOptions.BUFFER_REPLAY_CONCURRENCY))
                .bufferReplayRate(options.get(ResilienceOptions.BUFFER_REPLAY_RATE))
                .bufferProbeInterval(options.get(ResilienceOptions.BUFFER_PROBE_INTERVAL))
                .logInterval(options.get(ResilienceOptions.LOG_INTERVAL))
                .build();
    }

    /** @return a builder holding this policy's values, to derive a changed copy */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxRetries = maxRetries;
        b.backoffInitial = backoffInitial;
        b.backoffMax = backoffMax;
        b.jitter = jitter;
        b.attemptTimeout = attemptTimeout;
        b.budget = budget;
        b.circuitFailureThreshold = circuitFailureThreshold;
        b.circuitDelay = circuitDelay;
        b.bulkhead = bulkhead;
        b.degradation = degradation;
        b.bufferMaxEntries = bufferMaxEntries;
        b.bufferMaxBytes = bufferMaxBytes;
        b.bufferFlushTimeout = bufferFlushTimeout;
        b.bufferProbeInterval = bufferProbeInterval;
        b.bufferReplayBatch = bufferReplayBatch;
        b.bufferReplayConcurrency = bufferReplayConcurrencySetting;
        b.bufferReplayRate = bufferReplayRate;
        b.logInterval = logInterval;
        b.listeners.addAll(listeners);
        return b;
    }

    /** @return retries after the first attempt (option {@link ResilienceOptions#MAX_RETRIES}) */
    public int maxRetries() {
        return maxRetries;
    }

    /** @return the first backoff delay (option {@link ResilienceOptions#BACKOFF_INITIAL}) */
    public Duration backoffInitial() {
        return backoffInitial;
    }

    /** @return the largest backoff delay (option {@link ResilienceOptions#BACKOFF_MAX}) */
    public Duration backoffMax() {
        return backoffMax;
    }

    /** @return the jitter fraction in [0, 1) (option {@link ResilienceOptions#JITTER}) */
    public double jitter() {
        return jitter;
    }

    /** @return the longest one attempt may take (option {@link ResilienceOptions#ATTEMPT_TIMEOUT}) */
    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    /** @return the total time budget of one call (option {@link ResilienceOptions#BUDGET}) */
    public Duration budget() {
        return budget;
    }

    /** @return consecutive transient failures that open the circuit (option {@link ResilienceOptions#CIRCUIT_FAILURE_THRESHOLD}) */
    public int circuitFailureThreshold() {
        return circuitFailureThreshold;
    }

    /** @return how long the circuit stays open (option {@link ResilienceOptions#CIRCUIT_DELAY}) */
    public Duration circuitDelay() {
        return circuitDelay;
    }

    /** @return most calls in flight at once (option {@link ResilienceOptions#BULKHEAD}) */
    public int bulkhead() {
        return bulkhead;
    }

    /** @return what callers see while the backend is unavailable (option {@link ResilienceOptions#DEGRADATION}) */
    public DegradationMode degradation() {
        return degradation;
    }

    /** @return most writes held in the outbox (option {@link ResilienceOptions#BUFFER_MAX_ENTRIES}) */
    public int bufferMaxEntries() {
        return bufferMaxEntries;
    }

    /** @return most estimated bytes held in the outbox (option {@link ResilienceOptions#BUFFER_MAX_BYTES}) */
    public long bufferMaxBytes() {
        return bufferMaxBytes;
    }

    /** @return most buffered writes of one key replayed in one round trip (option {@link ResilienceOptions#BUFFER_REPLAY_BATCH}) */
    public int bufferReplayBatch() {
        return bufferReplayBatch;
    }

    /** @return most sessions or scopes replayed at once (option {@link ResilienceOptions#BUFFER_REPLAY_CONCURRENCY}) */
    public int bufferReplayConcurrency() {
        return bufferReplayConcurrency;
    }

    /**
     * @return most buffered entries replayed per second across the store, 0 for no limit (option
     *         {@link ResilienceOptions#BUFFER_REPLAY_RATE})
     */
    public int bufferReplayRate() {
        return bufferReplayRate;
    }

    /** @return how long {@code close()} tries to write the outbox (option {@link ResilienceOptions#BUFFER_FLUSH_TIMEOUT}) */
    public Duration bufferFlushTimeout() {
        return bufferFlushTimeout;
    }

    /**
     * @return while writes are buffered and the circuit is open, how often the oldest is tried directly (option
     *         {@link ResilienceOptions#BUFFER_PROBE_INTERVAL})
     */
    public Duration bufferProbeInterval() {
        return bufferProbeInterval;
    }

    /** @return the shortest time between two per-call log lines of one kind (option {@link ResilienceOptions#LOG_INTERVAL}) */
    public Duration logInterval() {
        return logInterval;
    }

    /** @return the listeners, in the order they were added */
    public List<ResilienceListener> listeners() {
        return listeners;
    }

    @Override
    public String toString() {
        return "ResiliencePolicy{maxRetries=" + maxRetries + ", backoff=" + backoffInitial + ".." + backoffMax
                + ", jitter=" + jitter + ", attemptTimeout=" + attemptTimeout + ", budget=" + budget
                + ", circuit=" + circuitFailureThreshold + "/" + circuitDelay + ", bulkhead=" + bulkhead
                + ", degradation=" + degradation + ", buffer=" + bufferMaxEntries + " entries/" + bufferMaxBytes
                + " bytes, flush=" + bufferFlushTimeout + ", probe=" + bufferProbeInterval + ", replay=" + bufferReplayBatch + "x" + bufferReplayConcurrency
                + (bufferReplayRate > 0 ? " at " + bufferReplayRate + "/s" : "") + ", logInterval=" + logInterval + ", listeners="
                + listeners.size() + "}";
    }

    /**
     * Builds a {@link ResiliencePolicy}. Starts from the defaults of {@link ResilienceOptions}; {@link #build()} validates every
     * value and copies it, so a builder can be reused. Not thread-safe.
     */
    public static final class Builder {
        private int maxRetries = ResilienceOptions.DEFAULT_MAX_RETRIES;
        private Duration backoffInitial = ResilienceOptions.DEFAULT_BACKOFF_INITIAL;
        private Duration backoffMax = ResilienceOptions.DEFAULT_BACKOFF_MAX;
        private double jitter = ResilienceOptions.DEFAULT_JITTER;
        private Duration attemptTimeout = ResilienceOptions.DEFAULT_ATTEMPT_TIMEOUT;
        private Duration budget = ResilienceOptions.DEFAULT_BUDGET;
        private int circuitFailureThreshold = ResilienceOptions.DEFAULT_CIRCUIT_FAILURE_THRESHOLD;
        private Duration circuitDelay = ResilienceOptions.DEFAULT_CIRCUIT_DELAY;
        private int bulkhead = MemoryDefaults.POOL_MAX_SIZE;
        private DegradationMode degradation = DegradationMode.FAIL;
        private int bufferMaxEntries = ResilienceOptions.DEFAULT_BUFFER_MAX_ENTRIES;
        private long bufferMaxBytes = ResilienceOptions.DEFAULT_BUFFER_MAX_BYTES;
        private Duration bufferFlushTimeout = MemoryDefaults.CLOSE_TIMEOUT;
        private Duration bufferProbeInterval = ResilienceOptions.DEFAULT_BUFFER_PROBE_INTERVAL;
        private int bufferReplayBatch = ResilienceOptions.DEFAULT_BUFFER_REPLAY_BATCH;
        /** 0: half the bulkhead, at least 1. */
        private int bufferReplayConcurrency = ResilienceOptions.DEFAULT_BUFFER_REPLAY_CONCURRENCY;
        /** 0: no limit. */
        private int bufferReplayRate = ResilienceOptions.DEFAULT_BUFFER_REPLAY_RATE;
        private Duration logInterval = ResilienceOptions.DEFAULT_LOG_INTERVAL;
        private final List<ResilienceListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets retries after the first attempt, 0 to 100.
         *
         * @param maxRetries retries after the first attempt, 0 to 100
         * @return this builder
         */
        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * @param initial the first delay, positive
         * @param max the largest delay, at least {@code initial}
         * @return this builder
         */
        public Builder backoff(Duration initial, Duration max) {
            this.backoffInitial = initial;
            this.backoffMax = max;
            return this;
        }

        /**
         * Sets the fraction of each delay that is random, in [0, 1).
         *
         * @param jitter the fraction of each delay that is random, in [0, 1)
         * @return this builder
         */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /**
         * Sets the longest one attempt may take, positive.
         *
         * @param attemptTimeout the longest one attempt may take, positive
         * @return this builder
         */
        public Builder attemptTimeout(Duration attemptTimeout) {
            this.attemptTimeout = attemptTimeout;
            return this;
        }

        /**
         * Sets the total time budget of a call, positive.
         *
         * @param budget the total time budget of a call, positive
         * @return this builder
         */
        public Builder budget(Duration budget) {
            this.budget = budget;
            return this;
        }

        /**
         * Sets consecutive transient failures that open the circuit, 1 to 10,000.
         *
         * @param threshold consecutive transient failures that open the circuit, 1 to 10,000
         * @return this builder
         */
        public Builder circuitFailureThreshold(int threshold) {
            this.circuitFailureThreshold = threshold;
            return this;
        }

        /**
         * Sets how long the circuit stays open before a trial call, positive.
         *
         * @param delay how long the circuit stays open before a trial call, positive
         * @return this builder
         */
        public Builder circuitDelay(Duration delay) {
            this.circuitDelay = delay;
            return this;
        }

        /**
         * Sets most calls in flight at once, 1 to 10,000.
         *
         * @param maxConcurrentCalls most calls in flight at once, 1 to 10,000
         * @return this builder
         */
        public Builder bulkhead(int maxConcurrentCalls) {
            this.bulkhead = maxConcurrentCalls;
            return this;
        }

        /**
         * Sets what callers see while the backend is unavailable.
         *
         * @param mode what callers see while the backend is unavailable
         * @return this builder
         */
        public Builder degradation(DegradationMode mode) {
            this.degradation = mode;
            return this;
        }

        /**
         * Sets most writes the outbox holds, 1 to 10,000,000.
         *
         * @param maxEntries most writes the outbox holds, 1 to 10,000,000
         * @return this builder
         */
        public Builder bufferMaxEntries(int maxEntries) {
            this.bufferMaxEntries = maxEntries;
            return this;
        }

        /**
         * Sets most estimated bytes the outbox holds, at least 1,024.
         *
         * @param maxBytes most estimated bytes the outbox holds, at least 1,024
         * @return this builder
         */
        public Builder bufferMaxBytes(long maxBytes) {
            this.bufferMaxBytes = maxBytes;
            return this;
        }

        /**
         * Sets how long {@code close()} tries to write the outbox, positive.
         *
         * @param timeout how long {@code close()} tries to write the outbox, positive
         * @return this builder
         */
        public Builder bufferFlushTimeout(Duration timeout) {
            this.bufferFlushTimeout = timeout;
            return this;
        }

        /**
         * Sets most buffered writes of one session or scope replayed in one round trip, 1 to
         * {@link MemoryDefaults#MAX_APPEND_BATCH}.
         *
         * @param batch most buffered writes replayed in one round trip
         * @return this builder
         */
        public Builder bufferReplayBatch(int batch) {
            this.bufferReplayBatch = batch;
            return this;
        }

        /**
         * Sets most sessions or scopes whose buffered writes are replayed at once, 1 to 10,000; 0 (the default)
         * means half the bulkhead, at least 1.
         *
         * @param concurrency most sessions or scopes replayed at once, or 0 for half the bulkhead
         * @return this builder
         */
        public Builder bufferReplayConcurrency(int concurrency) {
            this.bufferReplayConcurrency = concurrency;
            return this;
        }

        /**
         * Sets most buffered entries replayed per second, all sessions or scopes of the store together, 0 to
         * 1,000,000; 0 (the default) sets no limit. A write of a session or scope without buffered writes goes
         * straight to the backend and is not limited; nor is the flush of {@code close()}, which its own timeout
         * bounds.
         *
         * @param entriesPerSecond most buffered entries replayed per second, or 0 for no limit
         * @return this builder
         */
        public Builder bufferReplayRate(int entriesPerSecond) {
            this.bufferReplayRate = entriesPerSecond;
            return this;
        }

        /**
         * Sets how often, while writes are buffered and the circuit is open, the oldest buffered write is sent to the
         * backend directly as a trial (one at a time; its success closes the circuit), positive.
         *
         * @param interval time between two trials, positive
         * @return this builder
         */
        public Builder bufferProbeInterval(Duration interval) {
            this.bufferProbeInterval = interval;
            return this;
        }

        /**
         * Sets the shortest time between two per-call log lines of one kind (a retry, a call that gave up) for one
         * store, positive. Lines held back are counted in the next line.
         *
         * @param interval the shortest time between two such lines, positive
         * @return this builder
         */
        public Builder logInterval(Duration interval) {
            this.logInterval = interval;
            return this;
        }

        /**
         * Sets a listener to add.
         *
         * @param listener a listener to add
         * @return this builder
         */
        public Builder listener(ResilienceListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the policy
         * @throws MemoryConfigurationException if a value is out of range; the message names the option, the value and
         *         what is allowed
         */
        public ResiliencePolicy build() {
            ResilienceOptions.MAX_RETRIES.check(maxRetries);
            ResilienceOptions.BACKOFF_INITIAL.check(backoffInitial);
            ResilienceOptions.BACKOFF_MAX.check(backoffMax);
            if (backoffMax.compareTo(backoffInitial) < 0) {
                throw ResilienceOptions.BACKOFF_MAX.invalid(backoffMax.toString(), "a duration at least "
                        + ResilienceOptions.BACKOFF_INITIAL.key() + " (" + backoffInitial + ")");
            }
            ResilienceOptions.JITTER.check(jitter);
            ResilienceOptions.ATTEMPT_TIMEOUT.check(attemptTimeout);
            ResilienceOptions.BUDGET.check(budget);
            ResilienceOptions.CIRCUIT_FAILURE_THRESHOLD.check(circuitFailureThreshold);
            ResilienceOptions.CIRCUIT_DELAY.check(circuitDelay);
            ResilienceOptions.BULKHEAD.check(bulkhead);
            ResilienceOptions.DEGRADATION.check(degradation);
            ResilienceOptions.BUFFER_MAX_ENTRIES.check(bufferMaxEntries);
            if (bufferMaxBytes < ResilienceOptions.MIN_BUFFER_MAX_BYTES) {
                throw ResilienceOptions.BUFFER_MAX_BYTES.invalid(Long.toString(bufferMaxBytes),
                        "at least " + ResilienceOptions.MIN_BUFFER_MAX_BYTES);
            }
            ResilienceOptions.BUFFER_FLUSH_TIMEOUT.check(bufferFlushTimeout);
            ResilienceOptions.BUFFER_PROBE_INTERVAL.check(bufferProbeInterval);
            ResilienceOptions.BUFFER_REPLAY_BATCH.check(bufferReplayBatch);
            ResilienceOptions.BUFFER_REPLAY_CONCURRENCY.check(bufferReplayConcurrency);
            ResilienceOptions.BUFFER_REPLAY_RATE.check(bufferReplayRate);
            ResilienceOptions.LOG_INTERVAL.check(logInterval);
            return new ResiliencePolicy(this);
        }
    }
}
