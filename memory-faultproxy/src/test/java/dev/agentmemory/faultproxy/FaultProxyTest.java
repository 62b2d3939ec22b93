package dev.agentmemory.faultproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {

    private EchoServer server;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        server = new EchoServer();
        proxy = FaultProxy.start(server.address());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        server.close();
    }

    /** A client of the echo server through the proxy. */
    private final class Client implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        Client() throws IOException {
            socket = new Socket(proxy.host(), proxy.port());
            socket.setSoTimeout(5_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        void send(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String ask(String line) throws IOException {
            send(line);
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void passForwardsBothWaysAndCountsConnectionsAndBytes() throws IOException, InterruptedException {
        try (Client client = new Client()) {
            assertEquals("echo:hello", client.ask("hello"));
            assertEquals("echo:again", client.ask("again"));

            FaultProxy.Counters c = proxy.counters();
            assertEquals(1, c.accepted());
            assertEquals(1, c.open());
            assertEquals("hello\nagain\n".length(), c.bytesToServer());
            assertEquals("echo:hello\necho:again\n".length(), c.bytesToClient());
        }
        proxy.awaitCounters(c -> c.open() == 0, Duration.ofSeconds(5));
    }

    @Test
    void refuseRefusesNewConnectionsButKeepsOpenOnes() throws IOException {
        try (Client open = new Client()) {
            assertEquals("echo:1", open.ask("1"));

            proxy.mode(FaultProxy.Mode.REFUSE);

            assertThrows(ConnectException.class, () -> new Socket(proxy.host(), proxy.port()).close());
            assertEquals("echo:2", open.ask("2"), "an open connection keeps passing");
            assertEquals(1, proxy.counters().accepted());
        }
    }

    @Test
    void passAfterRefuseListensOnTheSamePortAgain() throws IOException {
        int port = proxy.port();
        proxy.mode(FaultProxy.Mode.REFUSE);
        proxy.mode(FaultProxy.Mode.PASS);

        try (Client client = new Client()) {
            assertEquals(port, client.socket.getPort());
            assertEquals("echo:back", client.ask("back"));
        }
    }

    @Test
    void resetAbortsOpenConnectionsAndNewOnes() throws IOException {
        try (Client open = new Client()) {
            assertEquals("echo:1", open.ask("1"));

            proxy.mode(FaultProxy.Mode.RESET);

            assertThrows(IOException.class, () -> {
                open.send("2");
                if (open.in.readLine() == null) {
                    throw new SocketException("closed");
                }
            });
            try (Client fresh = new Client()) {
                assertThrows(IOException.class, () -> {
                    fresh.send("3");
                    if (fresh.in.readLine() == null) {
                        throw new SocketException("closed");
                    }
                });
            }
            assertTrue(proxy.counters().resets() >= 2, "resets: " + proxy.counters());
        }
        assertTrue(server.received().indexOf('3') < 0, "a reset new connection never reaches the server");
    }

    @Test
    void resetAllAbortsOpenConnectionsAndLeavesTheModeAsItIs() throws IOException {
        try (Client open = new Client()) {
            assertEquals("echo:1", open.ask("1"));

            proxy.resetAll();

            assertThrows(IOException.class, () -> {
                open.send("2");
                if (open.in.readLine() == null) {
                    throw new SocketException("closed");
                }
            });
            assertEquals(FaultProxy.Mode.PASS, proxy.mode());
            try (Client fresh = new Client()) {
                assertEquals("echo:3", fresh.ask("3"));
            }
        }
    }

    @Test
    void blackholeAcceptsButNeverAnswersAndPassDeliversWhatWasHeld() throws IOException {
        try (Client open = new Client()) {
            assertEquals("echo:1", open.ask("1"));
            proxy.mode(FaultProxy.Mode.BLACKHOLE);
            open.socket.setSoTimeout(300);

            open.send("held");
            assertThrows(SocketTimeoutException.class, open.in::readLine);
            try (Client fresh = new Client()) {
                fresh.socket.setSoTimeout(300);
                fresh.send("new");
                assertThrows(SocketTimeoutException.class, fresh.in::readLine);
                assertEquals(1, server.connections(), "a blackholed connection is not opened to the server");

                proxy.mode(FaultProxy.Mode.PASS);
                open.socket.setSoTimeout(5_000);
                fresh.socket.setSoTimeout(5_000);
                assertEquals("echo:held", open.in.readLine());
                assertEquals("echo:new", fresh.in.readLine());
            }
        }
    }

    @Test
    void latencyDelaysEveryChunkAndZeroReleasesWaitingBytes() throws IOException, InterruptedException {
        try (Client client = new Client()) {
            proxy.latency(Duration.ofMillis(300));
            long start = System.nanoTime();
            assertEquals("echo:slow", client.ask("slow"));
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(elapsedMillis >= 300, "a request and its reply wait at least the latency: " + elapsedMillis + " ms");

            proxy.latency(Duration.ofHours(1));
            client.send("stuck");
            // No counter shows bytes held back by the latency, so they get a moment to reach the proxy. Bytes that
            // arrive later pass at zero latency: a slow machine weakens this check but never fails it falsely.
            Thread.sleep(100);
            proxy.latency(Duration.ZERO);
            assertEquals("echo:stuck", client.in.readLine(), "setting zero releases bytes already waiting");
        }
    }

    @Test
    void cutAfterRequestDeliversTheRequestButNeverTheReply() throws IOException, InterruptedException {
        try (Client client = new Client()) {
            assertEquals("echo:1", client.ask("1"));
            proxy.mode(FaultProxy.Mode.CUT_AFTER_REQUEST);

            client.send("write");
            assertThrows(IOException.class, () -> {
                if (client.in.readLine() == null) {
                    throw new SocketException("closed");
                }
            });

            assertTrue(server.awaitReceived("write\n", Duration.ofSeconds(5)), "the request must reach the server");
            assertEquals(1, proxy.counters().cuts());
            assertEquals(0, proxy.counters().open());
            assertEquals("echo:1\n".length(), proxy.counters().bytesToClient(), "no byte of the reply was forwarded");
        }
    }

    @Test
    void modesSwitchWhileTrafficFlows() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Semaphore answered = new Semaphore(0);
        AtomicInteger failed = new AtomicInteger();
        ExecutorService traffic = Executors.newSingleThreadExecutor();
        try {
            Future<?> loop = traffic.submit(() -> {
                while (running.get()) {
                    try (Client c = new Client()) {
                        c.socket.setSoTimeout(500);
                        for (int i = 0; i < 5; i++) {
                            if (c.ask("m" + i).equals("echo:m" + i)) {
                                answered.release();
                            }
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            });
            for (FaultProxy.Mode mode : FaultProxy.Mode.values()) {
                proxy.mode(mode);
                // The pace of the mode switches under traffic is what this test exercises, not a wait.
                Thread.sleep(150);
            }
            proxy.mode(FaultProxy.Mode.PASS);
            answered.drainPermits();
            assertTrue(answered.tryAcquire(11, 10, TimeUnit.SECONDS), "traffic flows again after the faults");
            running.set(false);
            loop.get(10, TimeUnit.SECONDS);
        } finally {
            running.set(false);
            traffic.shutdownNow();
        }
        assertTrue(failed.get() > 0, "some faults hit the traffic");
    }

    @Test
    void closeEndsEveryThreadAndConnection() throws IOException {
        Client a = new Client();
        Client b = new Client();
        assertEquals("echo:a", a.ask("a"));
        assertEquals("echo:b", b.ask("b"));
        int port = proxy.port();

        proxy.close();
        proxy.close();

        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith(FaultProxy.THREAD_PREFIX + port + "-")),
                "no proxy thread is left");
        assertEquals(0, proxy.counters().open());
        assertThrows(ConnectException.class, () -> new Socket(proxy.host(), port).close());
        assertThrows(IllegalStateException.class, () -> proxy.mode(FaultProxy.Mode.PASS));
        a.close();
        b.close();
    }

    @Test
    void anUnreachableTargetResetsTheClient() throws IOException, InterruptedException {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (FaultProxy dead = FaultProxy.start(new java.net.InetSocketAddress("127.0.0.1", deadPort));
             Socket s = new Socket(dead.host(), dead.port())) {
            s.setSoTimeout(5_000);
            assertEquals(-1, readOrEnd(s), "the client sees its connection end");
            assertEquals(1, dead.awaitCounters(c -> c.resets() > 0, Duration.ofSeconds(5)).resets(),
                    "counted as a reset");
        }
    }

    private static int readOrEnd(Socket s) {
        try {
            return s.getInputStream().read();
        } catch (IOException e) {
            return -1;
        }
    }
}
