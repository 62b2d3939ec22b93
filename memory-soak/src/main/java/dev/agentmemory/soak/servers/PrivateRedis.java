package dev.agentmemory.soak.servers;

import dev.agentmemory.faultproxy.resp.RespClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A private redis-server on a free loopback port, with an append-only file synced on every write
 * ({@code appendonly yes}, {@code appendfsync always}) so that a write it acknowledged survives {@link #crash()}
 * ({@code kill -9}), and no RDB snapshots. It runs as a child of this JVM, as this JVM's user (Redis allows root).
 *
 * <pre>{@code
 * try (PrivateRedis redis = PrivateRedis.start(Path.of("target/servers"))) {
 *     ShortTermMemory store = MemoryStores.shortTerm(redis.uri(), options);
 *     ...
 *     redis.crash();
 *     redis.restart();
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class PrivateRedis extends PrivateServer {

    /** How long a start may take before it counts as failed: generous, since the machine may be loaded. */
    private static final Duration START_BOUND = Duration.ofMinutes(2);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final String LOCALHOST = "127.0.0.1";

    private final List<String> argv;
    private volatile @Nullable Process process;

    private PrivateRedis(List<String> argv, int port, Path dir) {
        super("redis", port, dir);
        this.argv = argv;
    }

    /**
     * Starts a server in a new directory under {@code parent} and waits until it answers {@code PING}.
     *
     * @param parent where to make the server's directory (created if missing), e.g. {@code target/servers}
     * @return the running server; close it
     * @throws IllegalStateException if redis-server is not installed or does not start (with its log)
     */
    public static PrivateRedis start(Path parent) {
        Path server = Executables.require("redis-server", "redis-server (apt-get install redis-server)");
        int port = FreePort.pick();
        Path dir = ServerDirectory.create(parent, "redis-" + port + "-");
        List<String> argv = new ArrayList<>(List.of(server.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--daemonize", "no",
                "--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString(),
                "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                // A soak keeps a lot of history; the default would stop writes at maxmemory on a small machine.
                "--maxmemory", "0"));
        PrivateRedis redis = new PrivateRedis(List.copyOf(argv), port, dir);
        try {
            redis.launch();
            return redis;
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    /** @return {@code redis://127.0.0.1:<port>} */
    public String uri() {
        return "redis://127.0.0.1:" + port();
    }

    @Override
    public String describe() {
        return "redis-server 127.0.0.1:" + port() + " (appendfsync always)";
    }

    @Override
    public OptionalLong pid() {
        Process p = process;
        return p != null && p.isAlive() ? OptionalLong.of(p.pid()) : OptionalLong.empty();
    }

    @Override
    public synchronized void crash() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException(describe() + " is not running");
        }
        kill(p);
    }

    @Override
    public long connectionsNamed(String clientName) {
        try (RespClient c = new RespClient(LOCALHOST, port(), COMMAND_TIMEOUT)) {
            return c.connectionsNamed(clientName);
        } catch (RespClient.ErrorReply e) {
            throw new IllegalStateException(describe() + " refused CLIENT LIST: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("cannot count connections on " + describe() + ": " + e, e);
        }
    }

    @Override
    void end() {
        Process p = process;
        if (p != null) {
            kill(p);
        }
    }

    @Override
    void launch() {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory().resolve("stdout.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv.get(0), e);
        }
        process = p;
        awaitAnswer(p);
    }

    /** Waits for PONG: a server still loading its append-only file answers {@code -LOADING} and takes no writes yet. */
    private void awaitAnswer(Process p) {
        long deadline = System.nanoTime() + START_BOUND.toNanos();
        String last = "no answer";
        while (System.nanoTime() - deadline < 0) {
            if (!p.isAlive()) {
                throw new IllegalStateException(describe() + " exited with " + p.exitValue() + " while starting: "
                        + ServerDirectory.tail(directory().resolve("redis.log"), 2000));
            }
            if (closed()) {
                throw new IllegalStateException(describe() + " was closed while starting");
            }
            try (RespClient c = new RespClient(LOCALHOST, port(), COMMAND_TIMEOUT)) {
                String answer = c.string("PING");
                last = String.valueOf(answer);
                if ("PONG".equals(answer)) {
                    return;
                }
            } catch (RespClient.ErrorReply | UncheckedIOException e) {
                // -LOADING while the AOF is replayed, or not listening yet: ask again.
                last = e.toString();
            }
            pause();
        }
        kill(p);
        throw new IllegalStateException(describe() + " did not answer PING within " + START_BOUND.toSeconds()
                + " s (last: " + last + "): " + ServerDirectory.tail(directory().resolve("redis.log"), 2000));
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    /** SIGKILL, as {@code kill -9}, and wait for the process to be gone so that the port and files are free. */
    private void kill(Process p) {
        p.destroyForcibly();
        try {
            if (!p.waitFor(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException(describe() + " (pid " + p.pid() + ") survived SIGKILL for a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server to end", e);
        }
    }
}
