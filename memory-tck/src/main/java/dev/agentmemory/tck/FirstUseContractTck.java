package dev.agentmemory.tck;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryTimeoutException;
import dev.agentmemory.faultproxy.FaultProxy;
import dev.agentmemory.tck.StoreFixture.Capability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The first use of a lazy network store: concurrent first calls share one attempt to connect (and to do whatever
 * else the store sets up on first use), so that against a server that never answers they fail together, each
 * within its own timeouts, instead of taking turns, each one trying again after the one before it failed (ten calls
 * failing one connect timeout apart, up to 10 s for the last, as PostgreSQL's store once did).
 *
 * <p>Runs once per {@link StoreKind}, without any retrying layer; skipped, with a reason, without
 * {@link Capability#NETWORK}.
 */
@RequiresCapability(Capability.NETWORK)
public abstract class FirstUseContractTck extends TckBase {

    /** Run through {@link ProviderTck}, which extends every suite once; a provider extends that class. */
    FirstUseContractTck() {
    }

    static final int CALLERS = 10;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** Far longer than any first call needs to fail here; only says "does not hang". */
    static final Duration DOES_NOT_HANG = Duration.ofSeconds(120);

    @BeforeEach
    final void requireNetwork() {
        assumeCapability(Capability.NETWORK);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    final void concurrentFirstCallsAgainstASilentServerShareOneAttemptAndFailTogether(StoreKind kind)
            throws InterruptedException {
        assumeKind(kind);
        FaultProxy proxy = newProxy();
        proxy.mode(FaultProxy.Mode.BLACKHOLE);
        Probe store = openProbe(kind, proxy, RESILIENCE_ENABLED, "false",
                MemoryOptions.CONNECT_TIMEOUT.key(), CONNECT_TIMEOUT.toMillis() + "ms", MemoryOptions.RESPONSE_TIMEOUT.key(), "2s",
                MemoryOptions.POOL_ACQUIRE_TIMEOUT.key(), "5s", MemoryOptions.CLOSE_TIMEOUT.key(), "2s");

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
                    store.write("first-" + n);
                } catch (RuntimeException e) {
                    outcomes.set(n, e);
                } finally {
                    took[n] = System.nanoTime() - begin;
                }
            }, "tck-first-call-" + i);
            caller.start();
            callers.add(caller);
        }
        start.countDown();
        for (Thread caller : callers) {
            caller.join(DOES_NOT_HANG.toMillis());
            assertFalse(caller.isAlive(), caller.getName() + " still waits after " + DOES_NOT_HANG.toSeconds() + " s");
        }

        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            millis.add(took[i] / 1_000_000);
            Throwable outcome = outcomes.get(i);
            assertTrue(outcome instanceof MemoryConnectionException || outcome instanceof MemoryTimeoutException,
                    "first call " + i + " to a server that never answers must fail with MemoryConnectionException or "
                            + "MemoryTimeoutException, got " + outcome);
        }
        millis.sort(null);
        long spread = millis.get(CALLERS - 1) - millis.get(0);
        // Taking turns spreads the failures about one connect timeout apart; sharing one attempt does not. Half the
        // serial spread leaves room for a loaded machine.
        long serial = (CALLERS - 1) * CONNECT_TIMEOUT.toMillis();
        assertTrue(spread < serial / 2, "concurrent first calls must share one connect attempt and fail together; "
                + "they failed after " + millis + " ms (spread " + spread + " ms; taking turns would spread ~" + serial
                + " ms)");
    }
}
