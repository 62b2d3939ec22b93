package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every thread a resilient store starts (attempt timer, replay) has ended once close() returns. */
class ThreadsTest {

    private static List<String> resilienceThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("agentmemory-resilience") && n.contains(FlakyShortTermMemory.BACKEND))
                .toList();
    }

    @Test
    void closeEndsTheTimerAndReplayThreads() throws Exception {
        FlakyShortTermMemory backend = new FlakyShortTermMemory();
        ResiliencePolicy policy = Fixtures.fast().maxRetries(0).circuitFailureThreshold(1)
                .circuitDelay(Duration.ofMillis(50)).degradation(DegradationMode.BUFFER_WRITES).build();
        ShortTermMemory store = Resilience.wrap(backend, policy);
        SessionRef s = Fixtures.session();
        store.append(s, Fixtures.entry("direct"));
        backend.mode = FlakyShortTermMemory.Mode.DOWN;
        store.append(s, Fixtures.entry("buffered"));
        Fixtures.await("the replay thread runs", () -> resilienceThreads().stream().anyMatch(n -> n.contains("replay")));
        assertTrue(resilienceThreads().stream().anyMatch(n -> n.contains("timer")), resilienceThreads()::toString);
        backend.mode = FlakyShortTermMemory.Mode.UP;
        store.close();
        List<String> left = resilienceThreads();
        assertTrue(left.isEmpty(), "threads left after close: " + left);
    }

    @Test
    void anIdleStoreGivesUpItsTimerThread() throws Exception {
        FlakyShortTermMemory backend = new FlakyShortTermMemory();
        try (ShortTermMemory store = Resilience.wrap(backend, Fixtures.fast().build())) {
            store.size(Fixtures.session());
            Fixtures.await("the idle timer thread exits", () -> resilienceThreads().isEmpty());
        }
    }
}
