package dev.agentmemory.bench;

import dev.agentmemory.faultproxy.resp.RespClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmarks ran on (cores, CPU model, memory, JDK, server versions) and how busy the machine was while
 * they ran: the 1-minute load average, sampled every few seconds by a daemon thread between {@link #startSampling()}
 * and {@link #stopSampling()}. Thread-safe.
 */
final class Machine {

    private final List<Double> load = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean sampling;
    private Thread sampler = new Thread(() -> { });

    /** Starts sampling the load average every 5 s. */
    void startSampling() {
        sampling = true;
        sampler = new Thread(() -> {
            while (sampling) {
                loadAverage().ifPresent(load::add);
                try {
                    TimeUnit.SECONDS.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-load-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Stops sampling. */
    void stopSampling() {
        sampling = false;
        sampler.interrupt();
    }

    /** @return the load line: median and maximum of the 1-minute load average, against the core count */
    String loadLine() {
        List<Double> samples;
        synchronized (load) {
            samples = new ArrayList<>(load);
        }
        if (samples.isEmpty()) {
            return "load average not sampled";
        }
        Collections.sort(samples);
        return String.format(Locale.ROOT, "1-minute load average during the run (the benchmark's own load "
                        + "included): median %.2f, max %.2f, on %d cores, %d samples",
                samples.get(samples.size() / 2), samples.get(samples.size() - 1),
                Runtime.getRuntime().availableProcessors(), samples.size());
    }

    /** @return cores, CPU, memory, OS and JDK */
    static String describe() {
        return String.format(Locale.ROOT, "%d cores (%s), %s RAM, %s %s, %s %s",
                Runtime.getRuntime().availableProcessors(), cpuModel(), memory(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"));
    }

    /** @return {@code Redis 7.0.15}, or what went wrong */
    static String redisVersion(String redisUri) {
        URI uri = URI.create(redisUri);
        try (RespClient redis = new RespClient(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(),
                Duration.ofSeconds(2))) {
            return String.valueOf(redis.string("INFO", "server")).lines()
                    .filter(line -> line.startsWith("redis_version:"))
                    .map(line -> "Redis " + line.substring("redis_version:".length()).trim())
                    .findFirst().orElse("Redis (version unknown)");
        } catch (UncheckedIOException | RespClient.ErrorReply e) {
            return "Redis (version unknown: " + e.getMessage() + ")";
        }
    }

    /** @return {@code PostgreSQL 15.20}, or what went wrong */
    static String postgresVersion(String url) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            return rs.next() ? "PostgreSQL " + rs.getString(1).split(" ")[0] : "PostgreSQL (version unknown)";
        } catch (SQLException e) {
            return "PostgreSQL (version unknown: " + e.getMessage() + ")";
        }
    }

    private static Optional<Double> loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Optional.of(Double.parseDouble(parts[0]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D+", ""));
                    return String.format(Locale.ROOT, "%.0f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return "unknown";
    }
}
