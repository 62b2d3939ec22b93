package dev.agentmemory.faultproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * An in-JVM TCP proxy that injects network faults between a store and its server: it listens on an ephemeral
 * port of {@code 127.0.0.1} and forwards every connection to a target, in the {@link Mode} set now. Modes and
 * latency can be switched at any time, while traffic flows.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", 6379))) {
 *     ShortTermMemory store = MemoryStores.shortTerm("redis://127.0.0.1:" + proxy.port());
 *     proxy.mode(FaultProxy.Mode.REFUSE);   // the server is "down" for new connections
 *     proxy.resetAll();                     // and every open connection is reset
 *     proxy.mode(FaultProxy.Mode.PASS);     // the outage is over
 * }
 * }</pre>
 *
 * <p>It counts connections and the bytes forwarded each way ({@link #counters()}), so a test can prove that a
 * call made no I/O, or that a store gave back all its connections. It uses plain blocking {@code java.net}
 * sockets, two daemon threads per connection (named {@code agentmemory-fault-proxy-<port>-...}); {@link #close()}
 * resets every connection and ends every thread. Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {

    /** Thread-name prefix of every thread a proxy starts, so that a leak check can tell them apart. */
    public static final String THREAD_PREFIX = "agentmemory-fault-proxy-";

    private static final System.Logger LOG = System.getLogger(FaultProxy.class.getName());
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** What the proxy does with connections and the bytes on them. */
    public enum Mode {
        /** Forward both ways (after the configured {@linkplain #latency(Duration) latency}). */
        PASS,
        /**
         * Refuse new connections: the listening socket is closed, so a client gets "connection refused", as from a
         * stopped server. Open connections keep passing; combine with {@link #resetAll()} for a full outage.
         * Switching to any other mode listens again on the same port.
         */
        REFUSE,
        /**
         * Reset every open connection now (TCP RST), and reset every new connection as soon as it is accepted,
         * before it reaches the server.
         */
        RESET,
        /**
         * Accept, but never answer: bytes in both directions are held, not forwarded and not lost, and a new
         * connection is not opened to the server. When the mode changes back to {@link #PASS} the held bytes flow
         * again, as after a healed network partition.
         */
        BLACKHOLE,
        /**
         * Forward requests to the server, but when the server's reply arrives, drop it and reset the connection: the
         * server executed the request, the client never hears about it ("response lost after the write").
         */
        CUT_AFTER_REQUEST
    }

    /**
     * What the proxy has seen since it started.
     *
     * @param accepted connections accepted from clients
     * @param open connections open now
     * @param bytesToServer bytes forwarded from clients to the server
     * @param bytesToClient bytes forwarded from the server to clients
     * @param resets connections reset by {@link Mode#RESET}, {@link #resetAll()} or a failed connect to the target
     * @param cuts connections cut by {@link Mode#CUT_AFTER_REQUEST}
     */
    public record Counters(long accepted, int open, long bytesToServer, long bytesToClient, long resets, long cuts) {
    }

    private final InetSocketAddress target;
    private final int port;
    private final Object lock = new Object();
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong bytesToServer = new AtomicLong();
    private final AtomicLong bytesToClient = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong cuts = new AtomicLong();
    private final AtomicLong connectionIds = new AtomicLong();
    private volatile Mode mode = Mode.PASS;
    private volatile Duration latency = Duration.ZERO;
    private @Nullable ServerSocket listener; // guarded by lock; null while refusing or closed
    private @Nullable ServerSocket accepting; // guarded by lock; the listener the acceptor is blocked on
    private boolean closed; // guarded by lock

    private FaultProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        ServerSocket first = bind(0);
        this.listener = first;
        this.port = first.getLocalPort();
        startThread("accept", this::acceptLoop);
    }

    /**
     * Starts a proxy in {@link Mode#PASS} on an ephemeral port of {@code 127.0.0.1}.
     *
     * @param target where to forward connections
     * @return the running proxy; close it when done
     * @throws UncheckedIOException if no port can be bound
     */
    public static FaultProxy start(InetSocketAddress target) {
        Objects.requireNonNull(target, "target");
        try {
            return new FaultProxy(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a fault proxy to " + target, e);
        }
    }

    /** @return the host clients connect to: {@code 127.0.0.1} */
    public String host() {
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    /** @return the port clients connect to; it stays the same through every mode */
    public int port() {
        return port;
    }

    /** @return the address clients connect to */
    public InetSocketAddress address() {
        return new InetSocketAddress(host(), port);
    }

    /** @return where connections are forwarded */
    public InetSocketAddress target() {
        return target;
    }

    /** @return the mode now */
    public Mode mode() {
        return mode;
    }

    /**
     * Switches the mode; it applies at once to new connections and to bytes not yet forwarded.
     *
     * @param newMode the mode
     * @throws UncheckedIOException if leaving {@link Mode#REFUSE} and the port cannot be bound again
     * @throws IllegalStateException if the proxy is closed
     */
    public void mode(Mode newMode) {
        Objects.requireNonNull(newMode, "mode");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the fault proxy on port " + port + " is closed");
            }
            mode = newMode;
            if (newMode == Mode.REFUSE) {
                ServerSocket old = listener;
                closeQuietly(old);
                listener = null;
                awaitAcceptorLeft(old);
            } else if (listener == null) {
                try {
                    listener = bind(port);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot listen on port " + port + " again", e);
                }
                lock.notifyAll();
            }
        }
        if (newMode == Mode.RESET) {
            resetAll();
        }
        LOG.log(System.Logger.Level.DEBUG, "fault proxy {0} -> {1}: mode {2}", port, target, newMode);
    }

    /**
     * A listening socket closed while a thread is blocked in accept() stays bound until that thread leaves accept();
     * wait for it, so that "refused" holds when {@link #mode(Mode)} returns and the port can be bound again.
     */
    private void awaitAcceptorLeft(@Nullable ServerSocket closedListener) {
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (closedListener != null && accepting == closedListener) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                LOG.log(System.Logger.Level.WARNING, "fault proxy {0}: the acceptor did not leave accept()", port);
                return;
            }
            try {
                lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** @return the delay added to every chunk of bytes forwarded */
    public Duration latency() {
        return latency;
    }

    /**
     * Delays every chunk of bytes by this much before it is forwarded, in both directions. A change also applies to
     * bytes already waiting, so setting zero releases them at once.
     *
     * @param delay zero or more
     */
    public void latency(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + delay);
        }
        latency = delay;
    }

    /** Resets (TCP RST) every open connection now, whatever the mode. */
    public void resetAll() {
        for (Link link : links) {
            link.reset(resets);
        }
    }

    /** @return the counters now */
    public Counters counters() {
        return new Counters(accepted.get(), links.size(), bytesToServer.get(), bytesToClient.get(), resets.get(),
                cuts.get());
    }

    /**
     * Waits until the counters satisfy a condition. The proxy counts on its own threads, after the client or the
     * server has seen the event (a connection ended, a reset sent), so a test that asserts on a count waits for it
     * here instead of sleeping. Safe to call from any thread.
     *
     * @param condition the condition, on a snapshot of the counters
     * @param within how long to wait at most; a bound that only says "does not hang"
     * @return the first snapshot that satisfied the condition
     * @throws IllegalStateException if no snapshot satisfied it within the bound; the message holds the last one
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public Counters awaitCounters(Predicate<Counters> condition, Duration within) throws InterruptedException {
        Objects.requireNonNull(condition, "condition");
        long deadline = System.nanoTime() + within.toNanos();
        Counters now = counters();
        while (!condition.test(now)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the counters did not reach the condition within " + within.toMillis()
                        + " ms: " + now);
            }
            // The counters are plain atomics updated on the forwarding threads; polling keeps those threads lock-free.
            TimeUnit.NANOSECONDS.sleep(POLL_NANOS);
            now = counters();
        }
        return now;
    }

    /** Stops listening, resets every connection and waits (boundedly) for every proxy thread to end. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            ServerSocket old = listener;
            closeQuietly(old);
            listener = null;
            lock.notifyAll();
            awaitAcceptorLeft(old);
        }
        for (Link link : links) {
            link.reset(null);
        }
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (t == Thread.currentThread() || left <= 0) {
                continue;
            }
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "FaultProxy{" + host() + ":" + port + " -> " + target + ", mode=" + mode + ", latency=" + latency + "}";
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private void acceptLoop() {
        while (true) {
            ServerSocket current;
            synchronized (lock) {
                while (!closed && listener == null) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                current = Objects.requireNonNull(listener);
                accepting = current;
            }
            Socket client;
            try {
                client = current.accept();
            } catch (IOException e) {
                left(current);
                continue; // the listener was closed by REFUSE or close(); the loop looks again
            }
            left(current);
            accepted.incrementAndGet();
            Mode now = mode;
            boolean isClosed;
            synchronized (lock) {
                isClosed = closed;
            }
            if (isClosed || now == Mode.RESET || now == Mode.REFUSE) {
                resets.incrementAndGet();
                rst(client);
                continue;
            }
            Link link = new Link(client, connectionIds.incrementAndGet());
            links.add(link);
            startThread("c" + link.id + "-up", link::runUpstream);
        }
    }

    private void left(ServerSocket listenerLeft) {
        synchronized (lock) {
            if (accepting == listenerLeft) {
                accepting = null;
            }
            lock.notifyAll();
        }
    }

    private void startThread(String suffix, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, THREAD_PREFIX + port + "-" + suffix);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private static void rst(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed: nothing to reset
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(@Nullable AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // closing is best effort; the socket is unusable either way
        }
    }

    /** One client connection and its connection to the target. */
    private final class Link {
        private final Socket client;
        private final long id;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile @Nullable Socket server;

        Link(Socket client, long id) {
            this.client = client;
            this.id = id;
        }

        void runUpstream() {
            Socket upstream;
            try {
                // A blackholed connection is accepted but not opened to the server until the hole closes.
                if (!awaitForwarding(System.nanoTime())) {
                    return;
                }
                upstream = new Socket();
                server = upstream;
                upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
                upstream.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "fault proxy {0}: cannot reach {1}: {2}", port, target, e.toString());
                reset(resets);
                return;
            }
            if (done.get()) {
                closeQuietly(upstream);
                return;
            }
            startThread("c" + id + "-down", () -> pump(upstream, client, false));
            pump(client, upstream, true);
        }

        private void pump(Socket from, Socket to, boolean towardsServer) {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    if (!awaitForwarding(System.nanoTime())) {
                        return;
                    }
                    if (!towardsServer && mode == Mode.CUT_AFTER_REQUEST) {
                        reset(cuts);
                        return;
                    }
                    // Counted before the write, so that a reader who got the bytes always sees them counted.
                    (towardsServer ? bytesToServer : bytesToClient).addAndGet(n);
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // a reset or a close from either side ends the link
            }
            close();
        }

        /** Waits while the mode holds bytes back or the latency has not passed; false if the link ended meanwhile. */
        private boolean awaitForwarding(long arrivedNanos) {
            while (true) {
                if (done.get()) {
                    return false;
                }
                Mode now = mode;
                if (now == Mode.RESET) {
                    reset(resets);
                    return false;
                }
                long wait = now == Mode.BLACKHOLE ? POLL_NANOS
                        : arrivedNanos + latency.toNanos() - System.nanoTime();
                if (wait <= 0) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.min(wait, POLL_NANOS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    reset(null);
                    return false;
                }
            }
        }

        /**
         * Resets both sides, if the link is still up; the counter goes up first, so that a client who sees the reset
         * always sees it counted.
         */
        void reset(@Nullable AtomicLong counter) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            if (counter != null) {
                counter.incrementAndGet();
            }
            links.remove(this);
            rst(client);
            Socket s = server;
            if (s != null) {
                rst(s);
            }
        }

        void close() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            links.remove(this);
            closeQuietly(client);
            Socket s = server;
            if (s != null) {
                closeQuietly(s);
            }
        }
    }
}
