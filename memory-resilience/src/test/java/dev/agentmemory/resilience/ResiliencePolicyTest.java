package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResiliencePolicyTest {

    @Test
    void defaultsAreTheNamedConstants() {
        ResiliencePolicy p = ResiliencePolicy.defaults();
        assertEquals(ResilienceOptions.DEFAULT_MAX_RETRIES, p.maxRetries());
        assertEquals(ResilienceOptions.DEFAULT_BACKOFF_INITIAL, p.backoffInitial());
        assertEquals(ResilienceOptions.DEFAULT_BACKOFF_MAX, p.backoffMax());
        assertEquals(ResilienceOptions.DEFAULT_JITTER, p.jitter());
        assertEquals(ResilienceOptions.DEFAULT_ATTEMPT_TIMEOUT, p.attemptTimeout());
        assertEquals(ResilienceOptions.DEFAULT_BUDGET, p.budget());
        assertEquals(ResilienceOptions.DEFAULT_CIRCUIT_FAILURE_THRESHOLD, p.circuitFailureThreshold());
        assertEquals(ResilienceOptions.DEFAULT_CIRCUIT_DELAY, p.circuitDelay());
        assertEquals(MemoryDefaults.POOL_MAX_SIZE, p.bulkhead());
        assertEquals(DegradationMode.FAIL, p.degradation());
        assertEquals(ResilienceOptions.DEFAULT_BUFFER_MAX_ENTRIES, p.bufferMaxEntries());
        assertEquals(ResilienceOptions.DEFAULT_BUFFER_MAX_BYTES, p.bufferMaxBytes());
        assertEquals(MemoryDefaults.CLOSE_TIMEOUT, p.bufferFlushTimeout());
        assertEquals(ResilienceOptions.DEFAULT_LOG_INTERVAL, p.logInterval());
        assertEquals(ResilienceOptions.DEFAULT_BUFFER_REPLAY_BATCH, p.bufferReplayBatch());
        assertEquals(MemoryDefaults.POOL_MAX_SIZE / 2, p.bufferReplayConcurrency());
        assertEquals(ResilienceOptions.DEFAULT_BUFFER_REPLAY_RATE, p.bufferReplayRate());
        assertEquals(0, p.bufferReplayRate(), "no replay rate limit by default");
        assertEquals(ResilienceOptions.DEFAULT_BUFFER_REPLAY_CONCURRENCY,
                ResilienceOptions.BUFFER_REPLAY_CONCURRENCY.defaultValue().orElseThrow());
        assertEquals(ResilienceOptions.DEFAULT_BUFFER_REPLAY_RATE,
                ResilienceOptions.BUFFER_REPLAY_RATE.defaultValue().orElseThrow());
        assertTrue(ResilienceOptions.all().contains(ResilienceOptions.BUFFER_REPLAY_RATE));
    }

    @Test
    void everyOptionIsRead() {
        ResiliencePolicy p = ResiliencePolicy.fromOptions(MemoryOptions.of(Map.ofEntries(
                Map.entry("resilience.max-retries", "5"),
                Map.entry("resilience.backoff-initial", "20ms"),
                Map.entry("resilience.backoff-max", "2s"),
                Map.entry("resilience.jitter", "0.25"),
                Map.entry("resilience.attempt-timeout", "3s"),
                Map.entry("resilience.budget", "1m"),
                Map.entry("resilience.circuit.failure-threshold", "7"),
                Map.entry("resilience.circuit.delay", "PT45S"),
                Map.entry("resilience.bulkhead", "3"),
                Map.entry("resilience.degradation", "buffer-writes"),
                Map.entry("resilience.buffer.max-entries", "50"),
                Map.entry("resilience.buffer.max-bytes", "65536"),
                Map.entry("resilience.buffer.flush-timeout", "2s"),
                Map.entry("resilience.buffer.replay-batch", "25"),
                Map.entry("resilience.buffer.replay-concurrency", "2"),
                Map.entry("resilience.buffer.replay-rate", "250"),
                Map.entry("resilience.log.interval", "1m"))));
        assertEquals(5, p.maxRetries());
        assertEquals(Duration.ofMillis(20), p.backoffInitial());
        assertEquals(Duration.ofSeconds(2), p.backoffMax());
        assertEquals(0.25, p.jitter());
        assertEquals(Duration.ofSeconds(3), p.attemptTimeout());
        assertEquals(Duration.ofMinutes(1), p.budget());
        assertEquals(7, p.circuitFailureThreshold());
        assertEquals(Duration.ofSeconds(45), p.circuitDelay());
        assertEquals(3, p.bulkhead());
        assertEquals(DegradationMode.BUFFER_WRITES, p.degradation());
        assertEquals(50, p.bufferMaxEntries());
        assertEquals(65536, p.bufferMaxBytes());
        assertEquals(Duration.ofSeconds(2), p.bufferFlushTimeout());
        assertEquals(Duration.ofMinutes(1), p.logInterval());
        assertEquals(25, p.bufferReplayBatch());
        assertEquals(2, p.bufferReplayConcurrency());
        assertEquals(250, p.bufferReplayRate());
        assertEquals(250, p.toBuilder().build().bufferReplayRate(), "kept by toBuilder");
    }

    @Test
    void replayConcurrencyDefaultsToHalfTheBulkheadAtLeastOne() {
        assertEquals(3, ResiliencePolicy.fromOptions(MemoryOptions.of("pool.max-size", "6")).bufferReplayConcurrency());
        assertEquals(1, ResiliencePolicy.builder().bulkhead(1).build().bufferReplayConcurrency());
        assertEquals(20, ResiliencePolicy.defaults().toBuilder().bulkhead(40).build().bufferReplayConcurrency(),
                "derived again from a changed bulkhead");
        assertEquals(7, ResiliencePolicy.builder().bufferReplayConcurrency(7).build().toBuilder().bulkhead(40).build()
                .bufferReplayConcurrency(), "a value set stays set");
    }

    @Test
    void bulkheadDefaultsToThePoolSize() {
        assertEquals(4, ResiliencePolicy.fromOptions(MemoryOptions.of("pool.max-size", "4")).bulkhead());
        assertEquals(6, ResiliencePolicy.fromOptions(MemoryOptions.of("pool.max-size", "4",
                "resilience.bulkhead", "6")).bulkhead());
    }

    @Test
    void flushTimeoutDefaultsToTheCloseTimeout() {
        assertEquals(Duration.ofSeconds(9),
                ResiliencePolicy.fromOptions(MemoryOptions.of("close-timeout", "9s")).bufferFlushTimeout());
    }

    @Test
    void badValuesAreRejectedNamingTheOption() {
        assertOption("resilience.max-retries", () -> ResiliencePolicy.builder().maxRetries(-1).build());
        assertOption("resilience.log.interval", () -> ResiliencePolicy.builder().logInterval(Duration.ZERO).build());
        assertOption("resilience.max-retries", () -> ResiliencePolicy.fromOptions(MemoryOptions.of("resilience.max-retries", "101")));
        assertOption("resilience.max-retries", () -> ResiliencePolicy.fromOptions(MemoryOptions.of("resilience.max-retries", "three")));
        assertOption("resilience.backoff-max", () -> ResiliencePolicy.builder()
                .backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build());
        assertOption("resilience.backoff-initial", () -> ResiliencePolicy.builder()
                .backoff(Duration.ZERO, Duration.ofSeconds(1)).build());
        assertOption("resilience.jitter", () -> ResiliencePolicy.builder().jitter(1.0).build());
        assertOption("resilience.jitter", () -> ResiliencePolicy.builder().jitter(Double.NaN).build());
        assertOption("resilience.attempt-timeout", () -> ResiliencePolicy.builder().attemptTimeout(Duration.ofSeconds(-1)).build());
        assertOption("resilience.budget", () -> ResiliencePolicy.fromOptions(MemoryOptions.of("resilience.budget", "0s")));
        assertOption("resilience.circuit.failure-threshold", () -> ResiliencePolicy.builder().circuitFailureThreshold(0).build());
        assertOption("resilience.circuit.delay", () -> ResiliencePolicy.builder().circuitDelay(Duration.ZERO).build());
        assertOption("resilience.bulkhead", () -> ResiliencePolicy.builder().bulkhead(0).build());
        assertOption("resilience.degradation", () -> ResiliencePolicy.fromOptions(MemoryOptions.of("resilience.degradation", "sometimes")));
        assertOption("resilience.buffer.max-entries", () -> ResiliencePolicy.builder().bufferMaxEntries(0).build());
        assertOption("resilience.buffer.max-bytes", () -> ResiliencePolicy.builder().bufferMaxBytes(10).build());
        assertOption("resilience.buffer.replay-batch", () -> ResiliencePolicy.builder().bufferReplayBatch(0).build());
        assertOption("resilience.buffer.replay-batch", () -> ResiliencePolicy.fromOptions(MemoryOptions.of(
                "resilience.buffer.replay-batch", Integer.toString(MemoryDefaults.MAX_APPEND_BATCH + 1))));
        assertOption("resilience.buffer.replay-concurrency", () -> ResiliencePolicy.fromOptions(MemoryOptions.of(
                "resilience.buffer.replay-concurrency", "-1")));
        assertOption("resilience.buffer.replay-rate", () -> ResiliencePolicy.builder().bufferReplayRate(-1).build());
        assertOption("resilience.buffer.replay-rate", () -> ResiliencePolicy.fromOptions(MemoryOptions.of(
                "resilience.buffer.replay-rate", Integer.toString(ResilienceOptions.MAX_BUFFER_REPLAY_RATE + 1))));
    }

    @Test
    void builderCopiesSoThePolicyIsImmutable() {
        ResiliencePolicy.Builder b = ResiliencePolicy.builder().maxRetries(1);
        ResiliencePolicy first = b.build();
        b.maxRetries(2).listener(new ResilienceListener() { });
        assertEquals(1, first.maxRetries());
        assertTrue(first.listeners().isEmpty());
        assertEquals(2, first.toBuilder().maxRetries(2).build().maxRetries());
    }

    private static void assertOption(String option, Runnable build) {
        MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class, build::run);
        assertTrue(e.getMessage().contains(option), () -> "message should name " + option + ": " + e.getMessage());
    }
}
