package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentmemory.MemoryBusyException;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BulkheadTest {

    @Test
    void callsBeyondTheBulkheadFailBusyAtOnceWithoutTouchingTheBackend() throws Exception {
        FlakyShortTermMemory backend = new FlakyShortTermMemory();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ShortTermMemory store = Resilience.wrap(backend, Fixtures.fast().bulkhead(2).build())) {
            SessionRef s = Fixtures.session();
            backend.latency = Duration.ofMillis(700);
            List<Future<Long>> slow = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                slow.add(pool.submit(() -> store.size(s)));
            }
            Fixtures.await("two slow calls in flight", () -> backend.calls.get() == 2);
            MemoryBusyException e = assertThrows(MemoryBusyException.class, () -> store.size(s));
            assertEquals("size", e.operation());
            assertEquals(2, backend.calls.get(), "the rejected call did not reach the backend");
            for (Future<Long> f : slow) {
                assertEquals(0L, f.get());
            }
            backend.latency = Duration.ZERO;
            assertEquals(0L, store.size(s));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Guards against failsafe-lib/failsafe#393: rejected callers must not use up the bulkhead's permits. */
    @Test
    void bulkheadRecoversItsFullCapacityAfterManyRejections() throws Exception {
        FlakyShortTermMemory backend = new FlakyShortTermMemory();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ShortTermMemory store = Resilience.wrap(backend, Fixtures.fast().bulkhead(2).build())) {
            SessionRef s = Fixtures.session();
            backend.latency = Duration.ofMillis(500);
            Future<Long> a = pool.submit(() -> store.size(s));
            Future<Long> b = pool.submit(() -> store.size(s));
            Fixtures.await("two slow calls in flight", () -> backend.calls.get() == 2);
            for (int i = 0; i < 100; i++) {
                assertThrows(MemoryBusyException.class, () -> store.size(s));
            }
            a.get();
            b.get();
            // Both permits are back: two concurrent calls fit again.
            Future<Long> c = pool.submit(() -> store.size(s));
            Future<Long> d = pool.submit(() -> store.size(s));
            assertEquals(0L, c.get());
            assertEquals(0L, d.get());
            assertEquals(4, backend.calls.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
