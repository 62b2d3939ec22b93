package dev.agentmemory.bench.recovery;

import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.soak.servers.PrivatePostgres;
import dev.agentmemory.soak.servers.PrivateRedis;
import dev.agentmemory.soak.servers.PrivateServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The write buffer under sustained load (issue 11): {@value #WRITERS} writers append {@value #RATE} turns a second
 * each, paced by schedule ({@link Pacer}), to a short-term store on a private Redis or PostgreSQL (memory-soak's
 * {@link PrivateRedis}, AOF {@code appendfsync always}, and {@link PrivatePostgres}) through the resilience decorator
 * in {@code buffer-writes} mode, default policy otherwise. After a warm-up the server is crashed ({@code kill -9};
 * {@code pg_ctl stop -m immediate}), restarted on the same port and data directory after the outage, and the writers
 * go on until the backlog ({@code resilience.buffered} of the store's health) is empty or {@link #BOUND} seconds
 * pass; then they stop, the store closes, and every session is read back directly to count lost and duplicated
 * writes.
 *
 * <p>Each configuration runs in its own JVM ({@link #measure}), so that the code before a change can be measured
 * with the same load generator: the child's class path then holds the older memory-api, memory-resilience and
 * provider jars. This class therefore calls only API that both have: {@link MemoryStores#shortTerm}, append,
 * recent, health and close.
 */
public final class SustainedLoad {

    /** Writer threads. */
    static final int WRITERS = 6;
    /** Writes per second per writer. */
    static final int RATE = 200;
    /** Seconds after the heal that a run waits for the backlog to empty while the writers go on. */
    public static final int BOUND = 20;
    /** Writes per session: a writer moves to a new session after this many. */
    private static final int SESSION_WRITES = 500;
    private static final long WARM_UP_MILLIS = 3_000;
    private static final long POLL_MILLIS = 50;
    /** The jars the code before is made of; every other jar is shared. */
    private static final List<String> SWAPPED = List.of("memory-api", "memory-resilience", "memory-redis-provider",
            "memory-postgres-provider");

    private SustainedLoad() {
    }

    /**
     * Runs every outage for one backend and one code version, each in a child JVM of its own class path, and
     * collects the outcomes. The child's output goes to {@code progress}.
     *
     * @param code {@code after}, or {@code before} followed by a label of the older code (e.g. {@code before 024899d})
     * @param before for {@code before}: the root of a checkout of the older code, built with {@code mvn package}
     * @param backend {@code redis} or {@code postgres}
     * @param outages seconds
     * @param work where the private servers make their directories
     * @param log the log file of the child
     * @param progress where the child's progress lines go
     * @return the outcomes, one per outage that ran
     * @throws IOException if the child cannot be started or fails
     * @throws InterruptedException if interrupted
     */
    public static List<LoadOutcome> measure(String code, @Nullable Path before, String backend, List<Integer> outages,
                                            Path work, Path log, PrintStream progress)
            throws IOException, InterruptedException {
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            String swapped = SWAPPED.stream().filter(m -> name.startsWith(m + "-")).findFirst().orElse(null);
            if (before != null && code.startsWith("before") && swapped != null) {
                Path old = before.resolve(swapped).resolve("target").resolve(name);
                if (!Files.isRegularFile(old)) {
                    throw new IOException("no " + old + ": build the checkout of the code before with "
                            + "mvn -o -q -DskipTests package -pl memory-resilience,memory-redis-provider,"
                            + "memory-postgres-provider -am");
                }
                classPath.add(old.toString());
            } else {
                classPath.add(entry);
            }
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-Djava.util.logging.manager=org.apache.logging.log4j.jul.LogManager", "-Dbench.log=" + log,
                "-cp", String.join(File.pathSeparator, classPath), SustainedLoad.class.getName(), code, backend,
                work.toString()));
        outages.forEach(o -> command.add(Integer.toString(o)));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<LoadOutcome> outcomes = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(LoadOutcome.PREFIX)) {
                    outcomes.add(LoadOutcome.parse(line));
                } else {
                    progress.println(line);
                }
            }
        } finally {
            if (!child.waitFor(2, TimeUnit.MINUTES)) {
                child.destroyForcibly();
            }
        }
        if (child.exitValue() != 0) {
            throw new IOException("the " + code + " " + backend + " load run failed (exit " + child.exitValue()
                    + "); its log is " + log);
        }
        return outcomes;
    }

    /**
     * The child: {@code CODE BACKEND WORKDIR OUTAGE...}; prints one {@link LoadOutcome#toLine()} per outage.
     *
     * @param args see above
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        String code = args[0];
        String backend = args[1];
        Path work = Path.of(args[2]);
        Files.createDirectories(work);
        try (PrivateServer server = backend.equals("redis") ? PrivateRedis.start(work) : PrivatePostgres.start(work)) {
            String uri = server instanceof PrivateRedis r ? r.uri() : ((PrivatePostgres) server).jdbcUrl();
            for (int i = 3; i < args.length; i++) {
                int outage = Integer.parseInt(args[i]);
                System.err.printf("bench recovery: %s, %s code: %d s outage%n", backend, code, outage);
                LoadOutcome outcome = run(code, backend, server, uri, outage);
                System.out.println(outcome.toLine());
                System.out.flush();
            }
        }
        System.exit(0);
    }

    private static LoadOutcome run(String code, String backend, PrivateServer server, String uri, int outage)
            throws InterruptedException {
        String tag = "o" + outage;
        ShortTermMemory store = MemoryStores.shortTerm(uri, options("buffer-writes"));
        AtomicBoolean stop = new AtomicBoolean();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        List<Load> writers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            Load load = new Load(store, "w" + w + "-" + tag, new Pacer(start, TimeUnit.SECONDS.toNanos(1) / RATE), stop);
            writers.add(load);
            Thread t = new Thread(load, "bench-load-" + w);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        Monitor monitor = new Monitor(store);
        Thread monitorThread = new Thread(monitor, "bench-load-monitor");
        monitorThread.setDaemon(true);
        monitorThread.start();
        // The timeline of the benchmark, not synchronisation: warm up, crash, stay down, restart.
        Thread.sleep(WARM_UP_MILLIS);
        long crash = System.nanoTime();
        server.crash();
        long restartAt = crash + TimeUnit.SECONDS.toNanos(outage);
        while (System.nanoTime() - restartAt < 0) {
            Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(restartAt - System.nanoTime())));
        }
        server.restart();
        long heal = System.nanoTime();
        monitor.healedAt.set(heal);
        long bound = heal + TimeUnit.SECONDS.toNanos(BOUND);
        while (monitor.emptyAt.get() == 0 && System.nanoTime() - bound < 0) {
            Thread.sleep(POLL_MILLIS);
        }
        long empty = monitor.emptyAt.get();
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        monitor.stop = true;
        monitorThread.join();
        long closing = System.nanoTime();
        try {
            store.close();
        } catch (MemoryException e) {
            System.err.println("bench recovery: close: " + e.getMessage());
        }
        long closed = System.nanoTime();
        long[] drain = LatencyLog.window(writers.stream().map(l -> l.latencies).toList(), heal,
                empty == 0 ? bound : empty);
        long[] steady = LatencyLog.window(writers.stream().map(l -> l.latencies).toList(), start, crash);
        long acknowledged = 0;
        long refused = 0;
        long errors = 0;
        long missed = 0;
        Map<String, List<String>> acked = new LinkedHashMap<>();
        for (Load l : writers) {
            acknowledged += l.acknowledged.values().stream().mapToLong(List::size).sum();
            refused += l.refused;
            errors += l.errors;
            missed += l.pacer.missed();
            acked.putAll(l.acknowledged);
        }
        long[] check = readBack(uri, acked);
        return new LoadOutcome(code, backend, outage, TimeUnit.NANOSECONDS.toMillis(heal - crash),
                acknowledged + refused + errors, acknowledged, refused, errors, missed, monitor.peak.get(),
                empty == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(empty - heal), BOUND,
                micros(LatencyLog.percentile(drain, 50)), micros(LatencyLog.percentile(drain, 99)),
                micros(LatencyLog.percentile(steady, 99)), TimeUnit.NANOSECONDS.toMillis(closed - closing),
                check[0], check[1]);
    }

    /** @return nanoseconds in whole microseconds, rounded up so that a call never reads as 0; -1 stays -1 (none) */
    static long micros(long nanos) {
        return nanos < 0 ? -1 : (nanos + 999) / 1000;
    }

    /** @return {lost, duplicated}, reading every session back without the decorator */
    private static long[] readBack(String uri, Map<String, List<String>> acknowledged) {
        long lost = 0;
        long duplicated = 0;
        try (ShortTermMemory direct = MemoryStores.shortTerm(uri, options(null))) {
            for (Map.Entry<String, List<String>> e : acknowledged.entrySet()) {
                List<String> stored = direct.recent(session(e.getKey()), SESSION_WRITES * 2).stream()
                        .map(MemoryEntry::id).toList();
                Set<String> distinct = new HashSet<>(stored);
                duplicated += stored.size() - distinct.size();
                for (String id : e.getValue()) {
                    if (!distinct.contains(id)) {
                        lost++;
                    }
                }
            }
        }
        return new long[] {lost, duplicated};
    }

    /** @param degradation the decorator's mode, or null for the bare provider */
    private static MemoryOptions options(@Nullable String degradation) {
        Map<String, String> o = new TreeMap<>();
        o.put(MemoryOptions.CLIENT_NAME.key(), "agentmemory-bench-load");
        o.put(MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), Integer.toString(SESSION_WRITES * 2));
        o.put(MemoryOptions.SHORT_TERM_TTL.key(), "1d");
        if (degradation == null) {
            o.put("resilience.enabled", "false");
        } else {
            o.put("resilience.degradation", degradation);
            // Long enough that close() writes out whatever the bound left buffered, so that read-back counts
            // only what the buffer really lost.
            o.put("resilience.buffer.flush-timeout", "120s");
        }
        return MemoryOptions.of(o);
    }

    private static SessionRef session(String key) {
        return SessionRef.of("bench", "load", key);
    }

    /** One writer: appends on its schedule to sessions of its own, records latencies and outcomes. */
    private static final class Load implements Runnable {
        final ShortTermMemory store;
        final String name;
        final Pacer pacer;
        final AtomicBoolean stop;
        final LatencyLog latencies = new LatencyLog();
        final Map<String, List<String>> acknowledged = new LinkedHashMap<>();
        long refused;
        long errors;

        Load(ShortTermMemory store, String name, Pacer pacer, AtomicBoolean stop) {
            this.store = store;
            this.name = name;
            this.pacer = pacer;
            this.stop = stop;
        }

        @Override
        public void run() {
            for (long n = 0; !stop.get(); n++) {
                long due = pacer.take(System.nanoTime());
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                String key = name + "-s" + n / SESSION_WRITES;
                String id = key + "-" + n;
                long t0 = System.nanoTime();
                try {
                    store.append(session(key), new NewEntry(id, "user", "turn " + n + " of " + key
                            + ": where is my order?", Map.of(), 0.5));
                    acknowledged.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
                } catch (MemoryException e) {
                    refused++;
                } catch (RuntimeException e) {
                    errors++;
                }
                latencies.add(t0, System.nanoTime() - t0);
            }
        }
    }

    /** Polls the store's health: the peak backlog, and the first time it is empty after the heal. */
    private static final class Monitor implements Runnable {
        final ShortTermMemory store;
        final AtomicLong healedAt = new AtomicLong();
        final AtomicLong emptyAt = new AtomicLong();
        final AtomicLong peak = new AtomicLong();
        volatile boolean stop;

        Monitor(ShortTermMemory store) {
            this.store = store;
        }

        @Override
        public void run() {
            while (!stop) {
                // A poll that began before the heal may report a backlog state from before it: only later ones count.
                long asked = System.nanoTime();
                long buffered;
                try {
                    buffered = Long.parseLong(store.health().attributes().getOrDefault("resilience.buffered", "0"));
                } catch (RuntimeException e) {
                    buffered = -1;
                }
                peak.accumulateAndGet(buffered, Math::max);
                long now = System.nanoTime();
                long healed = healedAt.get();
                if (buffered == 0 && healed != 0 && asked - healed >= 0 && emptyAt.get() == 0) {
                    emptyAt.set(now);
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
