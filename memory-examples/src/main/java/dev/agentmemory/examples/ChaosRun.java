package dev.agentmemory.examples;

import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.NewEntry;
import dev.agentmemory.Scope;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.faultproxy.FaultProxy;
import dev.agentmemory.resilience.CircuitState;
import dev.agentmemory.resilience.DegradationMode;
import dev.agentmemory.resilience.Resilience;
import dev.agentmemory.resilience.ResilienceListener;
import dev.agentmemory.resilience.ResiliencePolicy;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bin/demo --chaos}: the conversation again, with a {@link FaultProxy} between the short-term store and
 * its server that cuts the backend mid-conversation (connections refused, connections reset, a response lost
 * after the server executed the write). The store is wrapped in the resilience decorator in
 * {@link DegradationMode#BUFFER_WRITES}; afterwards the server is read directly, without the proxy, to count
 * lost, duplicated and reordered turns.
 */
final class ChaosRun {

    static final String DEFAULT_URI = "redis://127.0.0.1:6379";
    private static final Duration THINK_TIME = Duration.ofMillis(150);

    /** A fault the proxy injects before a turn, and for how many turns it lasts. */
    private record Fault(int atTurn, int turns, FaultProxy.Mode mode, String description) {
    }

    private static final List<Fault> FAULTS = List.of(
            new Fault(4, 2, FaultProxy.Mode.REFUSE, "backend down: connections refused and reset"),
            new Fault(8, 1, FaultProxy.Mode.RESET, "every connection reset, new ones too"),
            new Fault(11, 1, FaultProxy.Mode.CUT_AFTER_REQUEST, "write executed, response lost"));

    /** Counts what the resilience layer did; called on the caller's and the replay thread. */
    private static final class Tally implements ResilienceListener {
        final AtomicInteger retries = new AtomicInteger();
        final AtomicInteger circuitOpened = new AtomicInteger();
        final AtomicInteger buffered = new AtomicInteger();
        final AtomicInteger replayed = new AtomicInteger();
        final AtomicInteger lost = new AtomicInteger();
        final AtomicLong degradedMillis = new AtomicLong();
        volatile Runnable onRetry = () -> { };

        @Override
        public void onRetry(String backend, String operation, int failedAttempts, Duration delay, MemoryException error) {
            retries.incrementAndGet();
            onRetry.run();
        }

        @Override
        public void onCircuitStateChange(String backend, CircuitState from, CircuitState to) {
            if (to == CircuitState.OPEN) {
                circuitOpened.incrementAndGet();
            }
        }

        @Override
        public void onWriteBuffered(String backend, String operation, int pending) {
            buffered.incrementAndGet();
        }

        @Override
        public void onBufferReplayed(String backend, int count, int pending) {
            replayed.addAndGet(count);
        }

        @Override
        public void onBufferedWritesLost(String backend, List<String> writeIds, MemoryException cause) {
            lost.addAndGet(writeIds.size());
        }

        @Override
        public void onDegradationEnd(String backend, DegradationMode mode, Duration degradedFor) {
            degradedMillis.addAndGet(degradedFor.toMillis());
        }
    }

    private ChaosRun() {
    }

    static int run(String uri, PrintStream out) throws InterruptedException {
        if (ModuleLayer.boot().findModule("dev.agentmemory.resilience").isEmpty()
                && ChaosRun.class.getModule().isNamed()) {
            throw new MemoryConfigurationException(MemoryOptions.redact(uri), "chaos",
                    "--chaos needs dev.agentmemory:memory-resilience on the module path");
        }
        URI parsed = URI.create(uri.startsWith("jdbc:") ? uri.substring(5) : uri);
        if (parsed.getHost() == null || uri.contains(",")) {
            throw new MemoryConfigurationException(MemoryOptions.redact(uri), "chaos",
                    "--chaos needs a single-host network URI such as redis://127.0.0.1:6379 or "
                            + "postgresql://127.0.0.1:5432/db");
        }
        int port = parsed.getPort() > 0 ? parsed.getPort() : parsed.getScheme().startsWith("redis") ? 6379 : 5432;
        String authority = parsed.getHost() + (parsed.getPort() > 0 ? ":" + parsed.getPort() : "");

        Tally tally = new Tally();
        ResiliencePolicy policy = ResiliencePolicy.builder()
                .maxRetries(3)
                .backoff(Duration.ofMillis(100), Duration.ofMillis(400))
                .circuitFailureThreshold(4)
                .circuitDelay(Duration.ofMillis(500))
                .degradation(DegradationMode.BUFFER_WRITES)
                .listener(tally)
                .build();
        MemoryOptions options = MemoryOptions.of(MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), "100",
                MemoryOptions.CONNECT_TIMEOUT.key(), "500ms", MemoryOptions.RESPONSE_TIMEOUT.key(), "1s",
                MemoryOptions.CLIENT_NAME.key(), "agentmemory-chaos-demo", "resilience.enabled", "false");
        Scope scope = new Scope("acme", "concierge");
        Map<String, SessionRef> sessions = new LinkedHashMap<>();
        for (ConversationDemo.Turn turn : ConversationDemo.SCRIPT) {
            sessions.computeIfAbsent(turn.session(), s -> scope.session("chaos-" + s));
        }
        Map<String, List<String>> acknowledged = new LinkedHashMap<>();
        TextTable turns = new TextTable("turn", "session", "fault injected before the turn", "append answered")
                .rightAlign(0);
        long started = System.nanoTime();

        try (ShortTermMemory direct = MemoryStores.shortTerm(uri, options);
             FaultProxy proxy = FaultProxy.start(new InetSocketAddress(parsed.getHost(), port))) {
            sessions.values().forEach(direct::clear);
            String proxied = uri.replaceFirst(java.util.regex.Pattern.quote(authority), "127.0.0.1:" + proxy.port());
            try (ShortTermMemory store = Resilience.wrap(MemoryStores.shortTerm(proxied, options),
                    MemoryOptions.redact(uri) + " via fault proxy", policy)) {
                int turnNumber = 0;
                Fault active = null;
                for (ConversationDemo.Turn turn : ConversationDemo.SCRIPT) {
                    turnNumber++;
                    String injected = "";
                    if (active != null && turnNumber == active.atTurn() + active.turns()) {
                        proxy.mode(FaultProxy.Mode.PASS);
                        active = null;
                        // The agent thinks between turns; by the next fault the outbox has been replayed.
                        waitUntilReplayed(store, Duration.ofSeconds(10));
                    }
                    for (Fault fault : FAULTS) {
                        if (fault.atTurn() == turnNumber) {
                            active = fault;
                            injected = fault.description();
                            proxy.mode(fault.mode());
                            if (fault.mode() == FaultProxy.Mode.REFUSE) {
                                proxy.resetAll();
                            }
                            if (fault.mode() == FaultProxy.Mode.CUT_AFTER_REQUEST) {
                                // One lost response is enough: the retry that follows goes through.
                                tally.onRetry = () -> proxy.mode(FaultProxy.Mode.PASS);
                            }
                        }
                    }
                    NewEntry entry = NewEntry.of(turn.role(), turn.content()).withImportance(turn.importance())
                            .withId("chaos-" + turn.session() + "-" + turnNumber);
                    int retriesBefore = tally.retries.get();
                    MemoryEntry stored = store.append(sessions.get(turn.session()), entry);
                    int retried = tally.retries.get() - retriesBefore;
                    acknowledged.computeIfAbsent(turn.session(), s -> new ArrayList<>()).add(entry.id());
                    tally.onRetry = () -> { };
                    turns.row(turnNumber, turn.session(), injected.isEmpty() ? "-" : injected,
                            (stored.pending() ? "acknowledged, buffered for replay"
                                    : "stored, seq " + stored.sequence())
                                    + (retried == 0 ? "" : " after " + retried + (retried == 1 ? " retry" : " retries")));
                    Thread.sleep(THINK_TIME.toMillis());
                }
                proxy.mode(FaultProxy.Mode.PASS);
                waitUntilReplayed(store, Duration.ofSeconds(20));
            }

            out.println("Chaos: the conversation again, through a fault proxy that cuts the short-term backend "
                    + MemoryOptions.redact(uri));
            out.println(turns.render());

            int lost = 0;
            int duplicated = 0;
            int outOfOrder = 0;
            int stored = 0;
            TextTable check = new TextTable("session", "acknowledged", "in the backend", "lost", "duplicated",
                    "out of order").rightAlign(1, 2, 3, 4, 5);
            for (Map.Entry<String, SessionRef> e : sessions.entrySet()) {
                List<String> expected = acknowledged.getOrDefault(e.getKey(), List.of());
                List<MemoryEntry> actual = direct.recent(e.getValue(), 1000);
                List<String> ids = actual.stream().map(MemoryEntry::id).toList();
                Map<String, Integer> contents = new HashMap<>();
                actual.forEach(a -> contents.merge(a.content(), 1, Integer::sum));
                int sessionLost = (int) expected.stream().filter(id -> !ids.contains(id)).count();
                int sessionDuplicated = contents.values().stream().mapToInt(n -> n - 1).sum()
                        + ids.size() - new HashSet<>(ids).size();
                List<String> common = ids.stream().filter(expected::contains).toList();
                int sessionOutOfOrder = common.equals(expected.stream().filter(ids::contains).toList()) ? 0 : 1;
                check.row(e.getKey(), expected.size(), actual.size(), sessionLost, sessionDuplicated,
                        sessionOutOfOrder == 0 ? 0 : "yes");
                lost += sessionLost;
                duplicated += sessionDuplicated;
                outOfOrder += sessionOutOfOrder;
                stored += actual.size();
            }
            out.println("Read back from the server directly, without the proxy");
            out.println(check.render());
            out.println(new TextTable("retries", "circuit opened", "writes buffered", "replayed", "degraded for",
                    "writes reported lost", "attempts through the proxy")
                    .rightAlign(0, 1, 2, 3, 4, 5, 6)
                    .row(tally.retries.get(), tally.circuitOpened.get(), tally.buffered.get(), tally.replayed.get(),
                            String.format("%.1f s", tally.degradedMillis.get() / 1000.0), tally.lost.get(),
                            proxy.counters().accepted() + " connections")
                    .render());
            out.printf("Summary: %d turns appended through %d faults in %.1f s; %d in the backend: %d lost, "
                    + "%d duplicated, %d sessions out of order.%n", ConversationDemo.SCRIPT.size(), FAULTS.size(),
                    (System.nanoTime() - started) / 1e9, stored, lost, duplicated, outOfOrder);
            sessions.values().forEach(direct::clear);
            return lost == 0 && duplicated == 0 && outOfOrder == 0 ? 0 : 1;
        }
    }

    /** Waits until the store answers UP again, which in buffer-writes mode means the outbox is empty. */
    private static void waitUntilReplayed(ShortTermMemory store, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (store.health().status() == dev.agentmemory.Health.Status.UP) {
                return;
            }
            Thread.sleep(100);
        }
    }
}
