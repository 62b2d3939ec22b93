package dev.agentmemory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryBusyException;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryTimeoutException;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.TransientMemoryException;
import dev.agentmemory.faultproxy.FaultProxy;
import dev.agentmemory.faultproxy.resp.RespClient;
import dev.agentmemory.tck.Await;
import dev.agentmemory.tck.Threads;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connections, threads and real server errors: client names, lazy and eager opening, close while the server is
 * gone, and the translation of errors that real servers (private ones, never the shared one) send.
 */
class RedisConnectionTest {

    private static final Duration DOES_NOT_HANG = Duration.ofSeconds(30);
    private static final SessionRef SESSION = SessionRef.of("acme", "bot", "conn");

    private final String prefix = SharedRedis.uniquePrefix("conn");

    @AfterEach
    void deleteKeys() {
        SharedRedis.deletePrefix(prefix);
    }

    private MemoryOptions options(String... extra) {
        MemoryOptions options = MemoryOptions.of(RedisOptions.KEY_PREFIX.key(), prefix, MemoryOptions.CONNECT_TIMEOUT.key(), "1s",
                MemoryOptions.RESPONSE_TIMEOUT.key(), "2s", MemoryOptions.CLOSE_TIMEOUT.key(), "3s");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            options = options.with(extra[i], extra[i + 1]);
        }
        return options;
    }

    private static ShortTermMemory open(String uri, MemoryOptions options) {
        return new RedisMemoryProvider().openShortTerm(uri, options);
    }

    @Test
    void everyConnectionCarriesTheClientNameAndCloseReturnsThemAll() {
        String name = SharedRedis.uniqueClientName("named");
        try (RespClient admin = SharedRedis.client()) {
            ShortTermMemory store = open(SharedRedis.uri(), options(MemoryOptions.CLIENT_NAME.key(), name,
                    MemoryOptions.POOL_MIN_SIZE.key(), "2", MemoryOptions.POOL_MAX_SIZE.key(), "4"));
            assertEquals(0, admin.connectionsNamed(name), "lazy: no connection before the first call");
            store.append(SESSION, NewEntry.of("user", "x"));
            long open = admin.connectionsNamed(name);
            String all = admin.string("CLIENT", "LIST");
            assertTrue(open >= 1 && open <= 4 + 1, "connections named " + name + ": " + open + "\n" + all);
            store.close();
            Await.until(Duration.ofSeconds(10), () -> admin.connectionsNamed(name) == 0);
            assertEquals(0, admin.connectionsNamed(name), "close() gives back every connection");
        }
    }

    @Test
    void lazyOpenNeedsNoServerAndTheFirstCallFailsWithOneErrorLine() {
        int port = RedisServerProcess.freePort();
        String uri = "redis://:s3cret-pw@127.0.0.1:" + port;
        Set<Thread> before = Threads.alive();
        try (LogCapture log = new LogCapture()) {
            ShortTermMemory store = open(uri, options());
            MemoryConnectionException e = assertTimeoutPreemptively(DOES_NOT_HANG,
                    () -> assertThrows(MemoryConnectionException.class, () -> store.append(SESSION, NewEntry.of("user", "x"))));
            assertEquals("append", e.operation());
            assertFalse(e.getMessage().contains("s3cret-pw"), e.getMessage());
            assertNotNull(e.getCause());
            List<String> errors = log.errors();
            assertEquals(1, errors.size(), errors::toString);
            String line = errors.get(0);
            assertTrue(line.contains("127.0.0.1:" + port) && line.contains("append"), line);
            assertFalse(line.contains("s3cret-pw"), line);
            assertEquals(1, line.lines().count(), line);

            Health h = store.health();
            assertEquals(Health.Status.DOWN, h.status());
            assertFalse(h.detail().contains("s3cret-pw"), h.detail());
            assertTimeoutPreemptively(DOES_NOT_HANG, store::close);
        }
        assertEquals(List.of(), threadsLeftSince(before));
    }

    /**
     * Regression test of issue 10, defect 5: every failed call logged an ERROR line, so 990 failed calls printed 990.
     * An outage is one ERROR line when it starts and one INFO line, with its length and failed calls, when it ends.
     */
    @Test
    void anOutageIsOneErrorLineWhenItStartsAndOneInfoLineWhenItEnds() {
        int calls = 300;
        try (FaultProxy proxy = FaultProxy.start(new InetSocketAddress(SharedRedis.node().host(),
                SharedRedis.node().port()));
             LogCapture log = new LogCapture();
             ShortTermMemory store = open("redis://127.0.0.1:" + proxy.port(), options())) {
            store.append(SESSION, NewEntry.of("user", "before the outage"));
            proxy.mode(FaultProxy.Mode.REFUSE);
            proxy.resetAll();
            // A call sent on a connection whose reset Redisson has not noticed yet ends as a response timeout, not
            // as a connection failure; only connection failures make (and are counted in) the outage lines.
            int failed = 0;
            int unreachable = 0;
            for (int i = 0; i < calls; i++) {
                try {
                    store.append(SESSION, NewEntry.of("user", "during the outage " + i));
                } catch (MemoryConnectionException e) {
                    failed++;
                    unreachable++;
                } catch (MemoryTimeoutException e) {
                    failed++;
                }
            }
            assertEquals(calls, failed, "every call during the outage fails as a connection or timeout error");
            assertTrue(unreachable > 0, "no call failed as a connection error");
            assertEquals(1, log.errors().size(), () -> log.errors().size() + " ERROR lines for " + calls
                    + " failed calls, e.g. " + log.errors().stream().limit(3).toList());
            proxy.mode(FaultProxy.Mode.PASS);
            // The bare provider does not retry: a call may still meet a connection broken by the outage while
            // Redisson reconnects (each such call fails at once), so call until one succeeds, within the DOES_NOT_HANG
            // bound of everything else here.
            long deadline = System.nanoTime() + DOES_NOT_HANG.toNanos();
            while (true) {
                try {
                    store.append(SESSION, NewEntry.of("user", "after the outage"));
                    break;
                } catch (TransientMemoryException e) {
                    if (e instanceof MemoryConnectionException) {
                        unreachable++;
                    }
                    assertTrue(System.nanoTime() < deadline, "no call succeeded within " + DOES_NOT_HANG
                            + " of the server coming back: " + e.getMessage());
                }
            }
            List<String> infos = log.infos();
            assertEquals(1, infos.size(), infos::toString);
            String expected = unreachable + " calls failed";
            assertTrue(infos.get(0).contains("answers again") && infos.get(0).contains(expected),
                    infos.get(0) + " (expected '" + expected + "')");
            store.append(SESSION, NewEntry.of("user", "and later"));
            assertEquals(1, log.infos().size(), "the end of an outage is logged once");
            assertEquals(1, log.errors().size(), "nothing more at ERROR");
        }
    }

    @Test
    void eagerOpenFailsFastWhenTheServerIsUnreachableAndLeavesNoThread() {
        int port = RedisServerProcess.freePort();
        Set<Thread> before = Threads.alive();
        MemoryException e = assertTimeoutPreemptively(DOES_NOT_HANG, () -> assertThrows(MemoryConnectionException.class,
                () -> open("redis://127.0.0.1:" + port, options(MemoryOptions.CONNECT.key(), "eager"))));
        assertEquals("open", e.operation());
        assertEquals(List.of(), threadsLeftSince(before));
    }

    @Test
    void eagerOpenConnectsNow() {
        String name = SharedRedis.uniqueClientName("eager");
        try (RespClient admin = SharedRedis.client();
             ShortTermMemory store = open(SharedRedis.uri(), options(MemoryOptions.CONNECT.key(), "eager",
                     MemoryOptions.CLIENT_NAME.key(), name))) {
            assertTrue(admin.connectionsNamed(name) >= 1, "eager: connected while opening");
            assertEquals(0, store.size(SESSION));
        }
    }

    @Test
    void closeIsBoundedAndLeavesNoThreadWhenTheServerIsGone() {
        Set<Thread> before = Threads.alive();
        try (RedisServerProcess server = RedisServerProcess.start()) {
            ShortTermMemory store = open(server.uri(), options());
            store.append(SESSION, NewEntry.of("user", "x"));
            server.kill();
            // Refused if Redisson already saw the socket close, a response timeout if the command went out on the
            // dying connection first: both are the transient failure a dead server must produce.
            assertThrows(TransientMemoryException.class, () -> store.append(SESSION, NewEntry.of("user", "y")));
            assertTimeoutPreemptively(DOES_NOT_HANG, store::close);
        }
        assertEquals(List.of(), threadsLeftSince(before));
    }

    @Test
    void wrongPasswordIsAConfigurationError() {
        try (RedisServerProcess server = RedisServerProcess.start("--requirepass", "right-pw")) {
            String uri = "redis://:wrong-pw@127.0.0.1:" + server.port();
            try (ShortTermMemory store = open(uri, options())) {
                MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class,
                        () -> store.append(SESSION, NewEntry.of("user", "x")));
                assertFalse(e.getMessage().contains("wrong-pw"), e.getMessage());
            }
            try (ShortTermMemory store = open("redis://127.0.0.1:" + server.port(), options())) {
                assertThrows(MemoryConfigurationException.class, () -> store.size(SESSION));
            }
            MemoryException eager = assertThrows(MemoryConfigurationException.class,
                    () -> open(uri, options(MemoryOptions.CONNECT.key(), "eager")));
            assertEquals("open", eager.operation());
            try (ShortTermMemory store = open("redis://127.0.0.1:" + server.port(),
                    options(MemoryOptions.PASSWORD.key(), "right-pw"))) {
                assertEquals(0, store.size(SESSION), "the password option applies when the URI has none");
            }
        }
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsATimeout() {
        try (RedisServerProcess server = RedisServerProcess.start("--enable-debug-command", "yes");
             ShortTermMemory store = open(server.uri(), options(MemoryOptions.RESPONSE_TIMEOUT.key(), "300ms"));
             RespClient admin = server.client()) {
            assertEquals(0, store.size(SESSION));
            Thread sleeper = new Thread(() -> {
                try (RespClient c = server.client()) {
                    c.call("DEBUG", "SLEEP", "2");
                }
            });
            sleeper.start();
            Await.assertEventually(Await.EVENTUALLY, () -> !answersPingWithin(server, Duration.ofMillis(250)),
                    () -> "the server to be inside DEBUG SLEEP");
            MemoryException e = assertThrows(MemoryTimeoutException.class, () -> store.size(SESSION));
            assertEquals("size", e.operation());
            join(sleeper);
            assertEquals("PONG", admin.string("PING"));
        }
    }

    @Test
    void aServerBusyWithAScriptIsBusy() {
        try (RedisServerProcess server = RedisServerProcess.start("--busy-reply-threshold", "100");
             ShortTermMemory store = open(server.uri(), options());
             RespClient admin = server.client()) {
            assertEquals(0, store.size(SESSION));
            Thread spinner = new Thread(() -> {
                try (RespClient c = server.client()) {
                    c.call("EVAL", "local t = redis.call('TIME') while true do end", "0");
                } catch (RuntimeException expected) {
                    // killed below
                }
            });
            spinner.start();
            Await.assertEventually(Await.EVENTUALLY, () -> answersBusy(admin),
                    () -> "the script to run past the busy threshold");
            MemoryBusyException e = assertThrows(MemoryBusyException.class, () -> store.size(SESSION));
            assertInstanceOf(org.redisson.client.RedisException.class, e.getCause());
            admin.call("SCRIPT", "KILL");
            join(spinner);
            assertEquals(0, store.size(SESSION));
        }
    }

    /** False while the server is blocked: it accepts the connection but does not answer PING in time. */
    private static boolean answersPingWithin(RedisServerProcess server, Duration timeout) {
        try (RespClient probe = new RespClient("127.0.0.1", server.port(), timeout)) {
            return "PONG".equals(probe.string("PING"));
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static boolean answersBusy(RespClient admin) {
        try {
            admin.call("PING");
            return false;
        } catch (RespClient.ErrorReply e) {
            return e.getMessage().startsWith("BUSY");
        }
    }

    private static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The threads started since {@code before} still alive after up to 10 s: some are on their way out at close(). */
    private static List<String> threadsLeftSince(Set<Thread> before) {
        Predicate<Thread> testRunner = t -> t.getName().startsWith("surefire");
        Await.until(Duration.ofSeconds(10), () -> Threads.startedSince(before, testRunner).isEmpty());
        return Threads.startedSince(before, testRunner).stream().map(Thread::getName).sorted().toList();
    }
}
