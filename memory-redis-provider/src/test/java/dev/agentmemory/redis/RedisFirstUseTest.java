package dev.agentmemory.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryTimeoutException;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.faultproxy.FaultProxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, defect 3, for Redis: concurrent first calls of a lazy store against a silent server must not take
 * turns at connecting (as PostgreSQL's did: ten calls failing one connect timeout apart). Redisson's lazy
 * initialisation shares one connect attempt between them; this guards that it stays so.
 */
class RedisFirstUseTest {

    private static final int CALLERS = 10;
    private static final Duration DOES_NOT_HANG = Duration.ofSeconds(120);

    @Test
    void tenConcurrentFirstCallsAgainstABlackholeFailTogether() throws InterruptedException {
        Duration connectTimeout = Duration.ofSeconds(1);
        try (FaultProxy proxy = FaultProxy.start(new InetSocketAddress(SharedRedis.node().host(),
                SharedRedis.node().port()))) {
            proxy.mode(FaultProxy.Mode.BLACKHOLE);
            ShortTermMemory store = new RedisMemoryProvider().openShortTerm("redis://127.0.0.1:" + proxy.port(),
                    MemoryOptions.of(RedisOptions.KEY_PREFIX, SharedRedis.uniquePrefix("firstuse"),
                            MemoryOptions.CONNECT_TIMEOUT, "1s", MemoryOptions.RESPONSE_TIMEOUT, "2s",
                            MemoryOptions.CLOSE_TIMEOUT, "2s"));
            try (store) {
                SessionRef session = SessionRef.of("acme", "bot", "first-use");
                CountDownLatch start = new CountDownLatch(1);
                long[] took = new long[CALLERS];
                List<@Nullable Throwable> outcomes = new ArrayList<>();
                List<Thread> callers = new ArrayList<>();
                for (int i = 0; i < CALLERS; i++) {
                    outcomes.add(null);
                    int n = i;
                    Thread caller = new Thread(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        long begin = System.nanoTime();
                        try {
                            store.append(session, NewEntry.of("user", "hello"));
                        } catch (RuntimeException e) {
                            outcomes.set(n, e);
                        } finally {
                            took[n] = System.nanoTime() - begin;
                        }
                    }, "redis-first-call-" + i);
                    caller.start();
                    callers.add(caller);
                }
                start.countDown();
                for (Thread caller : callers) {
                    caller.join(DOES_NOT_HANG.toMillis());
                    assertFalse(caller.isAlive(), caller.getName() + " still waits");
                }
                List<Long> millis = new ArrayList<>();
                for (int i = 0; i < CALLERS; i++) {
                    millis.add(took[i] / 1_000_000);
                    Throwable outcome = outcomes.get(i);
                    assertTrue(outcome instanceof MemoryConnectionException || outcome instanceof MemoryTimeoutException,
                            "call " + i + " against a blackhole: " + outcome);
                }
                millis.sort(null);
                long spread = millis.get(CALLERS - 1) - millis.get(0);
                long serial = (CALLERS - 1) * connectTimeout.toMillis();
                assertTrue(spread < serial / 2, "concurrent first calls failed after " + millis + " ms (spread "
                        + spread + " ms; taking turns would spread ~" + serial + " ms)");
            }
        }
    }
}
