package dev.agentmemory.redis;

import dev.agentmemory.faultproxy.resp.RespClient;
import dev.agentmemory.tck.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * A private redis-server on an ephemeral loopback port, started and stopped by the test that owns it (never the
 * shared server). Tests that need one are skipped, with that reason, only where redis-server is not installed.
 */
final class RedisServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dir;

    private RedisServerProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** Skips the calling test when redis-server is not installed. */
    static String assumeInstalled(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        Assumptions.abort(program + " is not installed (not on PATH); this test starts private Redis servers");
        throw new AssertionError("unreachable");
    }

    /** Starts a server with extra configuration arguments ({@code --requirepass x}, ...). */
    static RedisServerProcess start(String... extra) {
        return start(false, null, extra);
    }

    /** Starts a server from a configuration file (which redis-server must get first), plus arguments. */
    static RedisServerProcess startWithConfig(Path config, String... extra) {
        return start(false, config, extra);
    }

    /**
     * Starts a server that listens with TLS only, on the returned port; {@code extra} names the certificate files
     * ({@code --tls-cert-file}, ...).
     */
    static RedisServerProcess startTls(String... extra) {
        return start(true, null, extra);
    }

    private static RedisServerProcess start(boolean tls, @Nullable Path config, String... extra) {
        String server = assumeInstalled("redis-server");
        int port = freePort();
        try {
            Path dir = Files.createTempDirectory("amtest-redis-" + port + "-");
            List<String> ports = tls ? List.of("--port", "0", "--tls-port", Integer.toString(port))
                    : List.of("--port", Integer.toString(port));
            List<String> cmd = new ArrayList<>(List.of(server));
            if (config != null) {
                cmd.add(config.toString());
            }
            cmd.addAll(ports);
            cmd.addAll(List.of(
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                    "--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString()));
            cmd.addAll(List.of(extra));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
            RedisServerProcess rs = new RedisServerProcess(p, port, dir);
            rs.awaitUp(Duration.ofSeconds(10));
            return rs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    RespClient client() {
        return new RespClient("127.0.0.1", port);
    }

    private void awaitUp(Duration timeout) {
        boolean up = Await.until(timeout, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited: " + log());
            }
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        if (!up) {
            throw new IllegalStateException("redis-server on port " + port + " did not start: " + log());
        }
    }

    String log() {
        try {
            Path log = dir.resolve("redis.log");
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Stops the server now (SIGKILL): to test a store whose server vanished. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temp files; nothing more to do
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
