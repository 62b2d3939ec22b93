package dev.agentmemory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryTimeoutException;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.faultproxy.FaultProxy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regression test of issue 10, defect 4: against an unreachable Redis, calls threw {@link
 * dev.agentmemory.MemoryBusyException} (10 of 1,000 against a refused endpoint, 196 of 1,000 against a blackholed
 * one), which tells a caller to grow its pool instead of looking at the network. Every failure against a server
 * that cannot be reached must be a {@link MemoryConnectionException} or a {@link MemoryTimeoutException}.
 */
class UnreachableRedisErrorsTest {

    private static final int CALLS = 500;
    /** More callers than the pool has connections, as in the report. */
    private static final int CALLERS = 16;
    private static final SessionRef SESSION = SessionRef.of("acme", "bot", "unreachable");

    private final String prefix = SharedRedis.uniquePrefix("unreachable");

    @AfterEach
    void deleteKeys() {
        SharedRedis.deletePrefix(prefix);
    }

    private MemoryOptions quick() {
        // A response timeout shorter than the connect timeout makes Redisson give up waiting for a connection that
        // is still being re-made (its "Unable to acquire connection!"), the case that was mislabelled (24 of 500
        // calls against a blackhole, measured before the fix); short timeouts keep the calls fast. The pool wait is
        // long, so a free permit of the store is never what is missing.
        return MemoryOptions.of(RedisOptions.KEY_PREFIX.key(), prefix,
                MemoryOptions.CONNECT_TIMEOUT.key(), "2s", MemoryOptions.RESPONSE_TIMEOUT.key(), "300ms",
                MemoryOptions.POOL_ACQUIRE_TIMEOUT.key(), "5s", MemoryOptions.CLOSE_TIMEOUT.key(), "2s");
    }

    @Test
    void everyCallAgainstARefusedEndpointFailsAsConnectionOrTimeout() throws InterruptedException {
        assertOnlyNetworkErrors(FaultProxy.Mode.REFUSE);
    }

    @Test
    void everyCallAgainstABlackholedEndpointFailsAsConnectionOrTimeout() throws InterruptedException {
        assertOnlyNetworkErrors(FaultProxy.Mode.BLACKHOLE);
    }

    /** A store that has connected, then its server becomes unreachable: its pooled connections break. */
    private void assertOnlyNetworkErrors(FaultProxy.Mode fault) throws InterruptedException {
        String what = fault.name().toLowerCase(Locale.ROOT);
        Map<String, Integer> counts = new ConcurrentSkipListMap<>();
        Map<String, String> examples = new ConcurrentSkipListMap<>();
        AtomicInteger next = new AtomicInteger();
        try (FaultProxy proxy = FaultProxy.start(new InetSocketAddress(SharedRedis.node().host(),
                SharedRedis.node().port()));
             ShortTermMemory store = new RedisMemoryProvider().openShortTerm("redis://127.0.0.1:" + proxy.port(),
                     quick())) {
            store.append(SESSION, NewEntry.of("user", "before the outage"));
            proxy.mode(fault);
            proxy.resetAll();
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < CALLERS; t++) {
                Thread caller = new Thread(() -> {
                    for (int i = next.getAndIncrement(); i < CALLS; i = next.getAndIncrement()) {
                        String kind;
                        try {
                            store.append(SESSION, NewEntry.of("user", "call " + i));
                            kind = "success";
                        } catch (MemoryException e) {
                            kind = e.getClass().getSimpleName();
                            if (!(e instanceof MemoryConnectionException) && !(e instanceof MemoryTimeoutException)) {
                                examples.putIfAbsent(kind, e.getMessage());
                            }
                        }
                        counts.merge(kind, 1, Integer::sum);
                    }
                }, "unreachable-caller-" + t);
                caller.start();
                callers.add(caller);
            }
            for (Thread caller : callers) {
                caller.join();
            }
        }
        int network = counts.getOrDefault("MemoryConnectionException", 0)
                + counts.getOrDefault("MemoryTimeoutException", 0);
        assertEquals(CALLS, network, () -> CALLS + " calls from " + CALLERS + " threads against a " + what
                + " Redis ended as " + counts + "; only connection or timeout errors are right"
                + (examples.isEmpty() ? "" : ", e.g. " + examples));
    }
}
