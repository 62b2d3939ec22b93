package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryTimeoutException;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InterruptionTest {

    private final FlakyShortTermMemory backend = new FlakyShortTermMemory();

    @Test
    void aCallerInterruptedDuringBackoffStopsAtOnceAndKeepsItsFlag() throws Exception {
        // One-minute delays: only stopping at once lets this test finish.
        ResiliencePolicy policy = ResiliencePolicy.builder().maxRetries(5)
                .backoff(Duration.ofMinutes(1), Duration.ofMinutes(2)).budget(Duration.ofMinutes(10))
                .circuitFailureThreshold(100).build();
        try (ShortTermMemory store = Resilience.wrap(backend, policy)) {
            backend.mode = FlakyShortTermMemory.Mode.DOWN;
            AtomicReference<RuntimeException> thrown = new AtomicReference<>();
            AtomicBoolean flagAfter = new AtomicBoolean();
            Thread caller = new Thread(() -> {
                try {
                    store.size(Fixtures.session());
                } catch (RuntimeException e) {
                    thrown.set(e);
                }
                flagAfter.set(Thread.currentThread().isInterrupted());
            });
            caller.start();
            Fixtures.await("the first attempt failed", () -> backend.calls.get() == 1);
            Fixtures.await("the caller waits for its next attempt",
                    () -> caller.getState() == Thread.State.TIMED_WAITING || caller.getState() == Thread.State.WAITING);
            caller.interrupt();
            caller.join(TimeUnit.SECONDS.toMillis(20));
            assertFalse(caller.isAlive(), "the caller must stop waiting when interrupted");
            MemoryUnavailableException e = assertInstanceOf(MemoryUnavailableException.class, thrown.get());
            assertTrue(e.getMessage().contains("interrupted"), e::getMessage);
            assertInstanceOf(MemoryConnectionException.class, e.getCause());
            assertTrue(flagAfter.get(), "the interrupt flag is kept");
            assertEquals(1, backend.calls.get(), "no retry after the interrupt");
        }
    }

    @Test
    void aCallerInterruptedDuringAnAttemptIsNotRetried() throws Exception {
        try (ShortTermMemory store = Resilience.wrap(backend, Fixtures.fast().maxRetries(5).build())) {
            backend.latency = Duration.ofSeconds(30);
            CompletableFuture<Boolean> flag = new CompletableFuture<>();
            AtomicReference<RuntimeException> thrown = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    store.size(Fixtures.session());
                } catch (RuntimeException e) {
                    thrown.set(e);
                }
                flag.complete(Thread.currentThread().isInterrupted());
            });
            caller.start();
            Fixtures.await("the attempt is running", () -> backend.calls.get() == 1);
            caller.interrupt();
            assertTrue(flag.get(20, TimeUnit.SECONDS), "the interrupt flag is kept");
            assertInstanceOf(MemoryUnavailableException.class, thrown.get());
            assertEquals(1, backend.calls.get());
        }
    }

    @Test
    void anAttemptOverItsTimeoutIsInterruptedRetriedAndTheCallerIsNotLeftInterrupted() {
        RecordingListener listener = new RecordingListener();
        ResiliencePolicy policy = Fixtures.fast().maxRetries(1).attemptTimeout(Duration.ofMillis(100))
                .listener(listener).build();
        try (ShortTermMemory store = Resilience.wrap(backend, policy)) {
            backend.latency = Duration.ofSeconds(30);
            long start = System.nanoTime();
            MemoryUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(
                    MemoryUnavailableException.class, () -> store.size(Fixtures.session()));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "the attempts were cut short");
            MemoryException cause = assertInstanceOf(MemoryTimeoutException.class, e.getCause());
            assertTrue(cause.getMessage().contains("resilience.attempt-timeout"), cause::getMessage);
            assertEquals(2, backend.calls.get(), "the timed-out attempt was retried once");
            assertFalse(Thread.currentThread().isInterrupted(), "the timer's interrupt must not leak to the caller");
            backend.latency = Duration.ZERO;
            assertEquals(0, store.size(Fixtures.session()));
            assertFalse(Thread.interrupted());
        }
    }
}
