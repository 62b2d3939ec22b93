package dev.agentmemory.bench.recovery;

import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.bench.Servers;
import dev.agentmemory.redis.RedisOptions;
import dev.agentmemory.resilience.Resilience;
import dev.agentmemory.resilience.ResilienceOptions;
import dev.agentmemory.resilience.ResiliencePolicy;
import dev.agentmemory.faultproxy.FaultProxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One outage and its recovery, for one policy. An agent loop appends a turn every {@link #PAUSE} (a new turn id per
 * call, whatever the last call did) to a Redis store behind the {@link FaultProxy} (memory-faultproxy). After a warm-up the proxy
 * goes to {@link FaultProxy.Mode#RESET} for {@link #OUTAGE}: every open connection is reset and every new one is
 * accepted and reset at once, as when a load balancer's backend is down, so every connection attempt reaches the
 * proxy and is counted. Then the proxy heals ({@link FaultProxy.Mode#PASS}) and the run measures how long until the
 * first append succeeds.
 *
 * <p>Counted during the outage: calls the agent made, appends that reached the provider (the policy's attempts,
 * counted by {@link CountingShortTermMemory} just above the provider), and TCP connections that reached the proxy
 * (including those Redisson opens on its own to reconnect). Not thread-safe; run one at a time.
 */
public final class RecoveryRun {

    /** How long the backend stays down. */
    public static final Duration OUTAGE = Duration.ofSeconds(10);
    /** The agent loop's pause between two calls. */
    public static final Duration PAUSE = Duration.ofMillis(50);
    /** How long to wait for recovery before giving up. */
    public static final Duration GIVE_UP = Duration.ofSeconds(60);

    /** The policies compared. */
    public enum Policy {
        /** No resilience decorator: each failed call is simply the agent's next call, {@link #PAUSE} later. */
        NONE("none (bare provider; the agent loop calls again every 50 ms)"),
        /** The resilience decorator with every default. */
        DEFAULT("default: 3 retries, backoff 1 s to 10 s, circuit opens after 5 failures for 10 s"),
        /** Shorter delays everywhere, for an agent that must come back fast. */
        TUNED("tuned: 3 retries, backoff 100 ms to 1 s, circuit opens after 5 failures for 1 s, 1 s timeouts");

        private final String description;

        Policy(String description) {
            this.description = description;
        }

        /** @return what the policy is, for the report */
        public String description() {
            return description;
        }
    }

    /**
     * What happened.
     *
     * @param policy the policy
     * @param callsDuringOutage calls the agent loop made while the backend was down
     * @param attemptsDuringOutage appends that reached the provider while the backend was down
     * @param connectionsDuringOutage TCP connections that reached the proxy while the backend was down
     * @param healToFirstSuccess from healing to the return of the first successful append; null if none within
     *     {@link #GIVE_UP}
     */
    public record Outcome(Policy policy, long callsDuringOutage, long attemptsDuringOutage,
                          long connectionsDuringOutage, @Nullable Duration healToFirstSuccess) {
    }

    private RecoveryRun() {
    }

    /**
     * @param servers where Redis is
     * @param policy the policy
     * @return the outcome
     * @throws InterruptedException if interrupted
     */
    public static Outcome run(Servers servers, Policy policy) throws InterruptedException {
        String prefix = servers.redisPrefix("recovery-" + policy.name().toLowerCase(Locale.ROOT));
        URI uri = URI.create(servers.redisUri());
        try (FaultProxy proxy = FaultProxy.start(new InetSocketAddress(uri.getHost(),
                uri.getPort() < 0 ? 6379 : uri.getPort()))) {
            Map<String, String> options = new TreeMap<>();
            options.put(RedisOptions.KEY_PREFIX.key(), prefix);
            options.put(MemoryOptions.CLIENT_NAME.key(), "agentmemory-bench");
            options.put(MemoryOptions.CONNECT.key(), "eager");
            options.put(ResilienceOptions.ENABLED.key(), "false");
            if (policy == Policy.TUNED) {
                options.put(MemoryOptions.CONNECT_TIMEOUT.key(), "1s");
                options.put(MemoryOptions.RESPONSE_TIMEOUT.key(), "1s");
            }
            CountingShortTermMemory counting = new CountingShortTermMemory(
                    MemoryStores.shortTerm("redis://" + proxy.host() + ":" + proxy.port(), MemoryOptions.of(options)));
            try (ShortTermMemory store = switch (policy) {
                case NONE -> counting;
                case DEFAULT -> Resilience.wrap(counting, "redis-behind-proxy", ResiliencePolicy.defaults());
                case TUNED -> Resilience.wrap(counting, "redis-behind-proxy", tuned());
            }) {
                return outage(store, counting, proxy, policy);
            }
            // The run's keys are deleted by the driver at the end (RunKeys).
        }
    }

    /** @return the tuned policy of {@link Policy#TUNED} */
    static ResiliencePolicy tuned() {
        return ResiliencePolicy.builder()
                .maxRetries(3)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .circuitFailureThreshold(5)
                .circuitDelay(Duration.ofSeconds(1))
                .attemptTimeout(Duration.ofSeconds(2))
                .budget(Duration.ofSeconds(5))
                .build();
    }

    private static Outcome outage(ShortTermMemory store, CountingShortTermMemory counting, FaultProxy proxy,
                                  Policy policy) throws InterruptedException {
        SessionRef session = SessionRef.of("bench", "agent", "recovery");
        AgentLoop loop = new AgentLoop(store, session);
        Thread thread = new Thread(loop, "bench-recovery-agent");
        thread.setDaemon(true);
        thread.start();
        try {
            Thread.sleep(1_000);
            long calls0 = loop.calls.get();
            long attempts0 = counting.appends();
            long connections0 = proxy.counters().accepted();
            proxy.mode(FaultProxy.Mode.RESET);
            Thread.sleep(OUTAGE.toMillis());
            long connections1 = proxy.counters().accepted();
            long attempts1 = counting.appends();
            long calls1 = loop.calls.get();
            long healed = System.nanoTime();
            loop.healedAt.set(healed);
            proxy.mode(FaultProxy.Mode.PASS);
            long deadline = healed + GIVE_UP.toNanos();
            while (loop.firstSuccessAfterHeal.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long success = loop.firstSuccessAfterHeal.get();
            return new Outcome(policy, calls1 - calls0, attempts1 - attempts0, connections1 - connections0,
                    success == 0 ? null : Duration.ofNanos(success - healed));
        } finally {
            loop.stop = true;
            thread.join(TimeUnit.SECONDS.toMillis(70));
        }
    }

    /** Appends a turn every {@link #PAUSE}, and notes the first success that returns after the heal. */
    private static final class AgentLoop implements Runnable {
        private final ShortTermMemory store;
        private final SessionRef session;
        final AtomicLong calls = new AtomicLong();
        final AtomicLong healedAt = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong firstSuccessAfterHeal = new AtomicLong();
        volatile boolean stop;

        AgentLoop(ShortTermMemory store, SessionRef session) {
            this.store = store;
            this.session = session;
        }

        @Override
        public void run() {
            long n = 0;
            while (!stop) {
                calls.incrementAndGet();
                try {
                    store.append(session, NewEntry.of("user", "turn " + n++ + " of the recovery run"));
                    long now = System.nanoTime();
                    if (now >= healedAt.get()) {
                        firstSuccessAfterHeal.compareAndSet(0, now);
                    }
                } catch (MemoryException e) {
                    // Expected during the outage; the loop goes on as an agent would.
                }
                try {
                    Thread.sleep(PAUSE.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** @return every policy, in report order */
    public static List<Policy> policies() {
        return List.of(Policy.values());
    }
}
