package dev.agentmemory.tck;

import dev.agentmemory.faultproxy.FaultProxy;
import dev.agentmemory.Embedder;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Scope;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.tck.StoreFixture.Capability;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every suite shares: the fixture, fresh ids, stores opened through {@link MemoryStores} (behind a
 * {@link FaultProxy} for network providers), and cleanup of everything a test opened or wrote.
 */
@ExtendWith(CapabilityCondition.class)
abstract class TckBase {

    /** Option keys of the resilience decorator (module {@code dev.agentmemory.resilience}). */
    static final String RESILIENCE = "resilience";
    static final String RESILIENCE_ENABLED = "resilience.enabled";
    static final String RESILIENCE_MAX_RETRIES = "resilience.max-retries";
    static final String RESILIENCE_BACKOFF_INITIAL = "resilience.backoff-initial";
    static final String RESILIENCE_BACKOFF_MAX = "resilience.backoff-max";
    static final String RESILIENCE_CIRCUIT_THRESHOLD = "resilience.circuit.failure-threshold";
    static final String RESILIENCE_BUDGET = "resilience.budget";

    private @Nullable StoreFixture fixture;
    private final List<Opened<?>> opened = new ArrayList<>();
    private final List<FaultProxy> proxies = new ArrayList<>();
    private final List<Scope> scopes = new ArrayList<>();
    private final List<SessionRef> sessions = new ArrayList<>();

    /**
     * The fixture of the provider under test. Called once per test.
     *
     * @return the fixture
     */
    protected abstract StoreFixture fixture();

    final StoreFixture tckFixture() {
        StoreFixture f = fixture;
        if (f == null) {
            f = fixture();
            if (f == null) {
                throw new IllegalStateException(getClass().getName() + ".fixture() returned null");
            }
            fixture = f;
        }
        return f;
    }

    final boolean has(Capability capability) {
        return tckFixture().capabilities().contains(capability);
    }

    final void assumeCapability(Capability capability) {
        Assumptions.assumeTrue(has(capability), () -> "the provider does not declare capability " + capability);
    }

    final InetSocketAddress server() {
        assumeCapability(Capability.NETWORK);
        return tckFixture().server().orElseThrow(() -> new IllegalStateException(
                "the fixture declares NETWORK but server() is empty; return the server's address"));
    }

    /** A fresh tenant and agent; the test's data under it is cleaned up afterwards. */
    final Scope newScope() {
        Scope scope = new Scope(Ids.unique("tenant"), Ids.unique("agent"));
        scopes.add(scope);
        return scope;
    }

    /** A fresh session in a fresh scope; cleared afterwards. */
    final SessionRef newSession() {
        return newSession(newScope());
    }

    final SessionRef newSession(Scope scope) {
        SessionRef session = scope.session(Ids.unique("session"));
        sessions.add(session);
        return session;
    }

    /** Remembers a scope or session made by hand (not by {@link #newScope()}) for cleanup. */
    final void track(Scope scope) {
        scopes.add(scope);
    }

    final void track(SessionRef session) {
        sessions.add(session);
    }

    /** A new fault proxy to the fixture's server, closed after the test. */
    final FaultProxy newProxy() {
        FaultProxy proxy = FaultProxy.start(server());
        proxies.add(proxy);
        return proxy;
    }

    /** Whether the resilience decorator would wrap a store opened with these options. */
    final boolean resilienceApplies(MemoryOptions options) {
        return MemoryStores.decorators(options).contains(RESILIENCE);
    }

    final void assumeResilience() {
        Assumptions.assumeTrue(resilienceApplies(MemoryOptions.of(Map.of())), RESILIENCE_MISSING);
    }

    static final String RESILIENCE_MISSING = "needs memory-resilience on the test path";

    /**
     * Why this suite cannot run here at all, beyond the fixture's capabilities; {@link CapabilityCondition} skips
     * each test with it as the reason.
     *
     * @return the reason, or null if the suite can run
     */
    @Nullable String missingPrerequisite() {
        return null;
    }

    /**
     * The options of a store: the fixture's, then the TCK's defaults, then {@code extra} (key, value, ...).
     */
    final MemoryOptions options(String clientName, String... extra) {
        Map<String, String> values = new LinkedHashMap<>(tckFixture().options().explicitValues());
        values.put(MemoryOptions.CLIENT_NAME.key(), clientName);
        values.put(MemoryOptions.SHORT_TERM_TTL.key(), "10m");
        values.put(MemoryOptions.EMBEDDING_DIMENSION.key(), "64");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            values.put(extra[i], extra[i + 1]);
        }
        if (extra.length % 2 != 0) {
            throw new IllegalArgumentException("options come in key-value pairs");
        }
        return MemoryOptions.of(values);
    }

    /** Opens a short-term store: behind a new fault proxy for a network provider. */
    final Opened<ShortTermMemory> openShortTerm(String... extra) {
        return openShortTerm(has(Capability.NETWORK) ? newProxy() : null, extra);
    }

    final Opened<ShortTermMemory> openShortTerm(@Nullable FaultProxy proxy, String... extra) {
        assumeCapability(Capability.SHORT_TERM);
        String client = Ids.unique("tck");
        MemoryOptions options = options(client, extra);
        ShortTermMemory store = MemoryStores.shortTerm(uri(proxy), options);
        return remember(new Opened<>(store, proxy, client, options));
    }

    /** Opens a long-term store: behind a new fault proxy for a network provider. */
    final Opened<LongTermMemory> openLongTerm(String... extra) {
        return openLongTerm(has(Capability.NETWORK) ? newProxy() : null, extra);
    }

    final Opened<LongTermMemory> openLongTerm(@Nullable FaultProxy proxy, String... extra) {
        return openLongTerm(proxy, null, extra);
    }

    /** Opens a long-term store that embeds with {@code embedder}: behind a new fault proxy for a network provider. */
    final Opened<LongTermMemory> openLongTerm(Embedder embedder, String... extra) {
        return openLongTerm(has(Capability.NETWORK) ? newProxy() : null, embedder, extra);
    }

    private Opened<LongTermMemory> openLongTerm(@Nullable FaultProxy proxy, @Nullable Embedder embedder,
                                                String... extra) {
        assumeCapability(Capability.LONG_TERM);
        String client = Ids.unique("tck");
        MemoryOptions options = options(client, extra);
        LongTermMemory store = embedder == null ? MemoryStores.longTerm(uri(proxy), options)
                : MemoryStores.longTerm(uri(proxy), options, embedder);
        return remember(new Opened<>(store, proxy, client, options));
    }

    /** Opens a store of either kind as a {@link Probe}. */
    final Probe openProbe(StoreKind kind, @Nullable FaultProxy proxy, String... extra) {
        return kind == StoreKind.SHORT_TERM
                ? Probe.of(openShortTerm(proxy, extra), newSession())
                : Probe.of(openLongTerm(proxy, extra), newScope());
    }

    final void assumeKind(StoreKind kind) {
        assumeCapability(kind == StoreKind.SHORT_TERM ? Capability.SHORT_TERM : Capability.LONG_TERM);
    }

    final String uri(@Nullable FaultProxy proxy) {
        return proxy == null ? tckFixture().uri("127.0.0.1", 0) : tckFixture().uri(proxy.host(), proxy.port());
    }

    private <S extends AutoCloseable> Opened<S> remember(Opened<S> store) {
        opened.add(store);
        return store;
    }

    /**
     * Removes what the test wrote, through the stores it opened (best effort: a test may have left its proxy in a
     * fault mode or closed its store), then closes every store and proxy.
     */
    @AfterEach
    final void cleanUpTck() {
        for (FaultProxy proxy : proxies) {
            try {
                proxy.latency(Duration.ZERO);
                proxy.mode(FaultProxy.Mode.PASS);
            } catch (RuntimeException e) {
                // closed by the test
            }
        }
        // Nothing to clean if the test opened no store (skipped, or failed before it got one).
        boolean shortCleaned = sessions.isEmpty() || opened.isEmpty();
        boolean longCleaned = scopes.isEmpty() || opened.isEmpty();
        for (Opened<?> o : opened) {
            if (!shortCleaned && o.store() instanceof ShortTermMemory st) {
                shortCleaned = clearSessions(st);
            } else if (!longCleaned && o.store() instanceof LongTermMemory lt) {
                longCleaned = deleteMemories(lt);
            }
        }
        // The test closed its stores (or broke them): clean up through a fresh store, straight to the server.
        if (has(Capability.NETWORK) && (!shortCleaned || !longCleaned)) {
            MemoryOptions quiet = options(Ids.unique("tck-cleanup"), RESILIENCE_ENABLED, "false");
            String uri = tckFixture().uri(server().getHostString(), server().getPort());
            if (!shortCleaned && has(Capability.SHORT_TERM)) {
                try (ShortTermMemory st = MemoryStores.shortTerm(uri, quiet)) {
                    clearSessions(st);
                } catch (RuntimeException e) {
                    // best effort: TTLs end what is left
                }
            }
            if (!longCleaned && has(Capability.LONG_TERM)) {
                try (LongTermMemory lt = MemoryStores.longTerm(uri, quiet)) {
                    deleteMemories(lt);
                } catch (RuntimeException e) {
                    // best effort
                }
            }
        }
        for (Opened<?> o : opened) {
            try {
                o.store().close();
            } catch (Exception e) {
                // a close that throws is a finding of the cleanup suite, not of this test
            }
        }
        for (FaultProxy proxy : proxies) {
            proxy.close();
        }
        opened.clear();
        proxies.clear();
    }

    private boolean clearSessions(ShortTermMemory store) {
        try {
            for (SessionRef s : sessions) {
                store.clear(s);
            }
            return true;
        } catch (RuntimeException e) {
            return false; // this store cannot clean up (closed, or its backend unreachable); another may
        }
    }

    private boolean deleteMemories(LongTermMemory store) {
        try {
            for (Scope scope : scopes) {
                for (int round = 0; round < 20; round++) {
                    var memories = store.list(scope, 100);
                    if (memories.isEmpty()) {
                        break;
                    }
                    memories.forEach(m -> store.delete(scope, m.id()));
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * A store the TCK opened, with what it was opened with.
     *
     * @param store the store
     * @param proxy the fault proxy in front of its server, or null for an in-process provider
     * @param clientName the client name it was given
     * @param options the options it was opened with
     * @param <S> the store type
     */
    record Opened<S extends AutoCloseable>(S store, @Nullable FaultProxy proxy, String clientName,
                                           MemoryOptions options) {

        FaultProxy requireProxy() {
            if (proxy == null) {
                throw new IllegalStateException("this store has no fault proxy");
            }
            return proxy;
        }
    }
}
