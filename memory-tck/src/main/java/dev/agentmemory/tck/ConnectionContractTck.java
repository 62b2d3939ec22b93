package dev.agentmemory.tck;

import dev.agentmemory.faultproxy.FaultProxy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryTimeoutException;
import dev.agentmemory.TransientMemoryException;
import dev.agentmemory.tck.StoreFixture.Capability;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How a network store connects, without any retrying layer ({@code resilience.enabled=false}): it opens while its
 * server is unreachable (configuration is still checked at open), reports {@link Health.Status#DOWN}, fails its
 * calls with {@link MemoryConnectionException} and works as soon as the server answers, without being reopened;
 * with {@code connect=eager} opening itself fails; a call to a server that never answers fails within the response
 * timeout, with {@link MemoryTimeoutException}, instead of hanging.
 *
 * <p>Runs once per {@link StoreKind}; skipped, with a reason, without {@link Capability#NETWORK}.
 */
@RequiresCapability(Capability.NETWORK)
public abstract class ConnectionContractTck extends TckBase {

    /** Run through {@link ProviderTck}, which extends every suite once; a provider extends that class. */
    ConnectionContractTck() {
    }

    /** Options of every store here: no retrying layer, short timeouts. */
    static final String[] RAW = {RESILIENCE_ENABLED, "false", MemoryOptions.CONNECT_TIMEOUT.key(), "1s",
        MemoryOptions.RESPONSE_TIMEOUT.key(), "2s", MemoryOptions.CLOSE_TIMEOUT.key(), "2s"};

    @BeforeEach
    final void requireNetwork() {
        assumeCapability(Capability.NETWORK);
    }

    static String[] with(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    /** Calls {@code call} until it succeeds; every failure on the way must be transient. */
    static void eventuallySucceeds(Runnable call, String what) {
        eventuallySucceeds(call, what, TransientMemoryException.class);
    }

    /**
     * Calls {@code call} until it succeeds (within {@link Await#EVENTUALLY}); every failure on the way must be one
     * of {@code tolerated}, anything else fails the test at once.
     */
    @SafeVarargs
    static void eventuallySucceeds(Runnable call, String what, Class<? extends MemoryException>... tolerated) {
        AtomicReference<RuntimeException> last = new AtomicReference<>();
        boolean ok = Await.until(Await.EVENTUALLY, () -> {
            try {
                call.run();
                return true;
            } catch (MemoryException e) {
                for (Class<? extends MemoryException> t : tolerated) {
                    if (t.isInstance(e)) {
                        last.set(e);
                        return false;
                    }
                }
                throw e;
            }
        });
        assertTrue(ok, () -> what + " did not work again once the server answered; last error: " + last.get());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    final void opensWhileTheServerIsUnreachableAndWorksOnceItAnswers(StoreKind kind) {
        assumeKind(kind);
        FaultProxy proxy = newProxy();
        proxy.mode(FaultProxy.Mode.REFUSE);

        Probe store = openProbe(kind, proxy, RAW);

        Health health = store.health();
        assertEquals(Health.Status.DOWN, health.status(), () -> "health while unreachable: " + health);
        assertThrows(MemoryConnectionException.class, () -> store.write("w-1"));

        proxy.mode(FaultProxy.Mode.PASS);

        eventuallySucceeds(() -> store.write("w-1"), "the store opened while its server was unreachable");
        assertEquals(1, store.count("w-1"));
        assertEquals(Health.Status.UP, store.health().status());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    final void eagerConnectFailsToOpenWhileTheServerIsUnreachable(StoreKind kind) {
        assumeKind(kind);
        FaultProxy proxy = newProxy();
        proxy.mode(FaultProxy.Mode.REFUSE);

        MemoryConnectionException e = assertThrows(MemoryConnectionException.class,
                () -> openProbe(kind, proxy, with(RAW, MemoryOptions.CONNECT.key(), "eager")));
        assertFalse(e.getMessage().matches("(?s).*password=(?!\\*\\*\\*).*"),
                "the message must not carry credentials: " + e.getMessage());
        assertFalse(e.getMessage().matches("(?s).*://[^/\\s@]*:(?!\\*\\*\\*@)[^/\\s@]+@.*"),
                "the message must not carry user-info with a password: " + e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    final void eagerConnectConnectsWhileOpening(StoreKind kind) {
        assumeKind(kind);
        FaultProxy proxy = newProxy();

        Probe store = openProbe(kind, proxy, with(RAW, MemoryOptions.CONNECT.key(), "eager"));

        assertTrue(proxy.counters().accepted() > 0, "connect=eager must connect before open returns");
        store.write("w-1");
        assertEquals(1, store.count("w-1"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    final void theSameStoreWorksAgainAfterAnOutage(StoreKind kind) {
        assumeKind(kind);
        FaultProxy proxy = newProxy();
        Probe store = openProbe(kind, proxy, RAW);
        store.write("before");

        proxy.mode(FaultProxy.Mode.REFUSE);
        proxy.resetAll();
        assertThrows(TransientMemoryException.class, () -> store.write("during"));
        assertEquals(Health.Status.DOWN, store.health().status());
        proxy.mode(FaultProxy.Mode.PASS);

        eventuallySucceeds(() -> store.write("after"), "the store after the outage");
        assertEquals(1, store.count("before"));
        assertEquals(1, store.count("after"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    final void resetConnectionsAreReplaced(StoreKind kind) {
        assumeKind(kind);
        FaultProxy proxy = newProxy();
        Probe store = openProbe(kind, proxy, RAW);
        store.write("before");

        proxy.resetAll();

        eventuallySucceeds(() -> store.write("after"), "the store after its connections were reset");
        assertEquals(1, store.count("after"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(StoreKind.class)
    final void aServerThatNeverAnswersFailsTheCallInsteadOfHanging(StoreKind kind) {
        assumeKind(kind);
        FaultProxy proxy = newProxy();
        Probe store = openProbe(kind, proxy, RAW);
        store.write("before");

        proxy.mode(FaultProxy.Mode.BLACKHOLE);

        MemoryException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(MemoryException.class, store::read),
                "a call to a server that never answers must fail within the response timeout (2 s)");
        // Connected, then no answer: a response timeout. The network may be fine and the server merely slow, so a
        // caller must not be told that the connection failed.
        assertInstanceOf(MemoryTimeoutException.class, e, () -> "a call whose connection was open and whose answer "
                + "never came is a response timeout: " + e);
        proxy.mode(FaultProxy.Mode.PASS);
        eventuallySucceeds(() -> store.write("after"), "the store after the server answered again");
    }
}
