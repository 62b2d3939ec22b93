package dev.agentmemory.soak;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.MemoryType;
import dev.agentmemory.NewEntry;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.postgres.PostgresOptions;
import dev.agentmemory.redis.RedisOptions;
import dev.agentmemory.resilience.ResilienceOptions;
import dev.agentmemory.soak.servers.PrivatePostgres;
import dev.agentmemory.soak.servers.PrivateRedis;
import dev.agentmemory.soak.servers.PrivateServer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * One soak: private servers, stores through the resilience decorator in {@code BUFFER_WRITES} mode, writers,
 * readers and crashes for the plan's length, then close (which flushes the write buffer), connections and threads
 * counted, everything read back directly and checked. The servers and their files are gone when it returns (or when
 * the JVM exits, also on Ctrl-C).
 */
final class SoakRun {

    /** How long to wait for something that must end by itself: a writer's last call, connections noticed closed. */
    private static final Duration SETTLE = Duration.ofMinutes(2);
    /** How long close() may spend writing the buffer: far more than 10,000 one-by-one writes take on a loaded machine. */
    private static final Duration FLUSH_BOUND = Duration.ofMinutes(10);
    /** Threads of JVM-wide pools that a store may use but does not own; they end on their own schedule. */
    private static final List<String> SHARED_THREADS = List.of("ForkJoinPool.commonPool-", "Attach Listener",
            "process reaper", "Common-Cleaner", "Signal Dispatcher", "Reference Handler", "Finalizer",
            "PostgreSQL-JDBC-Cleaner", "Notification Thread");
    private static final String THREAD_PREFIX = "soak-";
    private static final String TENANT = "soak";

    private final SoakPlan plan;
    private final Path workDir;
    private final PrintStream progress;
    private final String run;

    SoakRun(SoakPlan plan, Path workDir, PrintStream progress) {
        this.plan = plan;
        this.workDir = workDir;
        this.progress = progress;
        this.run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    }

    /** One store under soak: its name in the report, its client name on the server, and how to count it there. */
    private record Target(String label, String clientName, PrivateServer server) {
        long connections() {
            return server.connectionsNamed(clientName);
        }
    }

    /** What the load phase hands to the check phase. */
    private record Load(Map<Target, WriteLog> logs, Map<Target, long[]> reads, Map<Target, Long> during,
                        Map<Target, Duration> closeTimes, Map<String, List<Outages.Outage>> outages,
                        List<String> problems) {
    }

    SoakReport run() throws InterruptedException {
        long begin = System.nanoTime();
        progress.println("soak: starting private servers under " + workDir);
        try (PrivateRedis redis = PrivateRedis.start(workDir);
             PrivatePostgres postgres = PrivatePostgres.start(workDir)) {
            progress.println("soak: " + redis.describe() + "; " + postgres.describe());
            List<Target> targets = List.of(
                    new Target("redis short-term", "soak-" + run + "-redis", redis),
                    new Target("postgresql short-term", "soak-" + run + "-pgst", postgres),
                    new Target("postgresql long-term", "soak-" + run + "-pglt", postgres));
            Map<Target, Long> before = new LinkedHashMap<>();
            for (Target t : targets) {
                before.put(t, t.connections());
            }
            Set<Thread> threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
            long heapBefore = heapAfterGc();

            Load load = load(targets, redis, postgres);

            Map<Target, Long> after = new LinkedHashMap<>();
            for (Target t : targets) {
                long limit = before.get(t);
                // The server notices a closed socket a moment later; wait for that, within a bound.
                awaitOrBound(() -> t.connections() <= limit);
                after.put(t, t.connections());
            }
            List<Thread> leaked = new ArrayList<>();
            awaitOrBound(() -> {
                leaked.clear();
                leaked.addAll(startedSince(threadsBefore));
                return leaked.isEmpty();
            });
            int threadsAfter = Thread.getAllStackTraces().size();

            List<SoakReport.StoreResult> results = check(targets, load, before, after, redis, postgres);
            Map<String, List<Outages.Outage>> outages = load.outages();
            List<String> problems = load.problems();
            load = null;
            long heapAfter = heapAfterGc();
            return new SoakReport(plan, results, outages, problems, threadsBefore.size(), threadsAfter,
                    leaked.stream().map(t -> t.getName() + " (" + t.getState() + ")").toList(), heapBefore, heapAfter,
                    Duration.ofNanos(System.nanoTime() - begin));
        }
    }

    private MemoryOptions storeOptions(Target t, String... more) {
        Map<String, String> o = new HashMap<>();
        o.put(MemoryOptions.CLIENT_NAME.key(), t.clientName());
        o.put(MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), Integer.toString(SoakPlan.SESSION_MAX_ENTRIES));
        // Longer than any soak, so that a session a writer has left never expires before it is read back.
        o.put(MemoryOptions.SHORT_TERM_TTL.key(), "7d");
        o.put(RedisOptions.KEY_PREFIX.key(), "soak-" + run);
        o.put(PostgresOptions.SCHEMA.key(), t.clientName().endsWith("pglt") ? "soak_lt" : "soak_st");
        o.put(PostgresOptions.SEARCH_MODE.key(), "exact");
        for (int i = 0; i < more.length; i += 2) {
            o.put(more[i], more[i + 1]);
        }
        return MemoryOptions.of(o);
    }

    private MemoryOptions soakedOptions(Target t) {
        return storeOptions(t, ResilienceOptions.DEGRADATION.key(), "buffer-writes",
                ResilienceOptions.BUFFER_FLUSH_TIMEOUT.key(), FLUSH_BOUND.toSeconds() + "s");
    }

    private MemoryOptions directOptions(Target t) {
        return storeOptions(t, ResilienceOptions.ENABLED.key(), "false", MemoryOptions.CLIENT_NAME.key(), "soak-" + run + "-check");
    }

    private Load load(List<Target> targets, PrivateRedis redis, PrivatePostgres postgres) throws InterruptedException {
        Target redisSt = targets.get(0);
        Target pgSt = targets.get(1);
        Target pgLt = targets.get(2);
        if (!MemoryStores.decorators(soakedOptions(redisSt)).contains("resilience")) {
            throw new IllegalStateException("the resilience decorator is not on the module path (memory-resilience); "
                    + "decorators found: " + MemoryStores.decorators(soakedOptions(redisSt)));
        }
        Map<Target, WriteLog> logs = new LinkedHashMap<>();
        Map<Target, long[]> reads = new LinkedHashMap<>();
        Map<Target, Long> during = new LinkedHashMap<>();
        Map<Target, Duration> closeTimes = new LinkedHashMap<>();
        Map<String, List<Outages.Outage>> outages = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        targets.forEach(t -> logs.put(t, new WriteLog()));

        List<AutoCloseable> open = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        Map<Target, List<Reader>> readersOf = new LinkedHashMap<>();
        List<Reader> readers = new ArrayList<>();
        List<Outages> crashers = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Random seeds = new Random(plan.seed());
        try {
            ShortTermMemory redisStore = MemoryStores.shortTerm(redis.uri(), soakedOptions(redisSt));
            open.add(redisStore);
            ShortTermMemory pgStore = MemoryStores.shortTerm(postgres.jdbcUrl(), soakedOptions(pgSt));
            open.add(pgStore);
            LongTermMemory ltStore = MemoryStores.longTerm(postgres.jdbcUrl(), soakedOptions(pgLt));
            open.add(ltStore);

            Scope redisScope = new Scope(TENANT, "redis");
            Scope pgScope = new Scope(TENANT, "postgres");
            List<Writer> redisWriters = new ArrayList<>();
            List<Writer> pgWriters = new ArrayList<>();
            for (int w = 0; w < plan.writersPerStore(); w++) {
                redisWriters.add(new Writer("w" + w, SoakPlan.WRITES_PER_SESSION, plan.pause(), stop, logs.get(redisSt),
                        (session, id, n) -> redisStore.append(redisScope.session(session), turn(id, n))));
                pgWriters.add(new Writer("w" + w, SoakPlan.WRITES_PER_SESSION, plan.pause(), stop, logs.get(pgSt),
                        (session, id, n) -> pgStore.append(pgScope.session(session), turn(id, n))));
            }
            List<Writer> ltWriters = new ArrayList<>();
            for (int w = 0; w < plan.longTermWriters(); w++) {
                ltWriters.add(new Writer("lt" + w, SoakPlan.MEMORIES_PER_SCOPE, plan.pause(), stop, logs.get(pgLt),
                        (scope, id, n) -> ltStore.store(new Scope(TENANT, scope), NewMemory.builder(
                                "memory " + n + " of " + scope + ": the customer prefers e-mail over phone calls")
                                .id(id).type(MemoryType.EPISODIC).importance(0.5).build())));
            }
            for (int r = 0; r < plan.readersPerStore(); r++) {
                readersOf.computeIfAbsent(redisSt, k -> new ArrayList<>())
                        .add(new Reader(redisStore, redisScope, redisWriters, stop, seeds.nextLong()));
                readersOf.computeIfAbsent(pgSt, k -> new ArrayList<>())
                        .add(new Reader(pgStore, pgScope, pgWriters, stop, seeds.nextLong()));
            }
            readersOf.values().forEach(readers::addAll);
            long start = System.nanoTime();
            crashers.add(new Outages(redis, plan, start, stopped, seeds.nextLong(), progress));
            crashers.add(new Outages(postgres, plan, start, stopped, seeds.nextLong(), progress));
            int i = 0;
            for (Runnable r : concat(redisWriters, pgWriters, ltWriters, readers, crashers)) {
                Thread t = new Thread(r, THREAD_PREFIX + (i++));
                t.setDaemon(true);
                workers.add(t);
                t.start();
            }
            progress.printf("soak: %d writers, %d readers, crashes on; running %s%n",
                    redisWriters.size() + pgWriters.size() + ltWriters.size(), readers.size(), SoakReport.clock(plan.length()));

            long end = start + plan.length().toNanos();
            long nextLine = start;
            while (System.nanoTime() - end < 0) {
                if (System.nanoTime() - nextLine >= 0) {
                    progressLine(start, logs);
                    nextLine += TimeUnit.SECONDS.toNanos(30);
                }
                // Pacing of the progress lines; the writers run on their own.
                Thread.sleep(Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
            }
            stop.set(true);
            stopped.countDown();
            for (Thread t : workers) {
                // A writer's last call is bounded by the policy's budget; a crasher's restart by the server's start.
                t.join(SETTLE.toMillis());
                if (t.isAlive()) {
                    problems.add(t.getName() + " did not stop within " + SETTLE.toSeconds() + " s");
                }
            }
            progressLine(start, logs);
            for (Outages o : crashers) {
                outages.put(o.server().describe(), o.outages());
                if (o.failure() != null) {
                    problems.add("crash/restart of " + o.server().describe() + " failed: " + o.failure().getMessage());
                }
                if (!o.server().running()) {
                    problems.add(o.server().describe() + " was down at the end; restarted before close");
                    o.server().restart();
                }
                if (plan.killsPerServer() > 0 && o.outages().size() < plan.killsPerServer()) {
                    problems.add(o.server().describe() + " was crashed " + o.outages().size() + " times, the plan "
                            + "says " + plan.killsPerServer() + " (the run was too short for its crash times)");
                }
            }
            for (Target t : targets) {
                during.put(t, t.connections());
            }
            for (int s = 0; s < targets.size(); s++) {
                long t0 = System.nanoTime();
                open.get(s).close();
                closeTimes.put(targets.get(s), Duration.ofNanos(System.nanoTime() - t0));
            }
            progress.println("soak: stores closed (write buffers flushed); checking what they kept");
        } catch (Exception e) {
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            problems.add("the run failed: " + brief(e));
            progress.println("soak: the run failed: " + brief(e));
        } finally {
            stop.set(true);
            stopped.countDown();
            for (AutoCloseable c : open) {
                try {
                    c.close();
                } catch (Exception e) {
                    problems.add("close failed: " + brief(e));
                }
            }
        }
        readersOf.forEach((t, list) -> {
            long[] counts = reads.computeIfAbsent(t, k -> new long[3]);
            for (Reader r : list) {
                counts[0] += r.ok.get();
                counts[1] += r.failed.get();
                counts[2] += r.rawErrors.get();
            }
        });
        return new Load(logs, reads, during, closeTimes, outages, problems);
    }

    /** An exception in one line of a report: a close() that lost writes names every id, thousands of them. */
    private static String brief(Exception e) {
        String s = e.toString();
        return s.length() <= 400 ? s : s.substring(0, 400) + "... (" + s.length() + " characters)";
    }

    @SafeVarargs
    private static List<Runnable> concat(List<? extends Runnable>... lists) {
        List<Runnable> all = new ArrayList<>();
        for (List<? extends Runnable> l : lists) {
            all.addAll(l);
        }
        return all;
    }

    private static NewEntry turn(String id, int n) {
        return new NewEntry(id, n % 2 == 0 ? "user" : "assistant", "turn " + n + " (" + id + "): where is my order?",
                Map.of(), 0.5);
    }

    private void progressLine(long start, Map<Target, WriteLog> logs) {
        StringBuilder b = new StringBuilder("soak: ").append(SoakReport.clock(Duration.ofNanos(System.nanoTime() - start)));
        logs.forEach((t, log) -> b.append(String.format(" | %s: %,d acknowledged, %,d refused", t.label(),
                log.acknowledgedCount(), log.refusedCount())));
        progress.println(b);
    }

    private List<SoakReport.StoreResult> check(List<Target> targets, Load load, Map<Target, Long> before,
                                               Map<Target, Long> after, PrivateRedis redis, PrivatePostgres postgres) {
        Map<Target, Map<String, List<String>>> stored = new HashMap<>();
        Target redisSt = targets.get(0);
        Target pgSt = targets.get(1);
        Target pgLt = targets.get(2);
        try (ShortTermMemory r = MemoryStores.shortTerm(redis.uri(), directOptions(redisSt));
             ShortTermMemory p = MemoryStores.shortTerm(postgres.jdbcUrl(), directOptions(pgSt));
             LongTermMemory l = MemoryStores.longTerm(postgres.jdbcUrl(), directOptions(pgLt))) {
            stored.put(redisSt, readBack(r, new Scope(TENANT, "redis"), load.logs().get(redisSt)));
            stored.put(pgSt, readBack(p, new Scope(TENANT, "postgres"), load.logs().get(pgSt)));
            Map<String, List<String>> memories = new HashMap<>();
            for (String scope : load.logs().get(pgLt).sessions()) {
                memories.put(scope, l.list(new Scope(TENANT, scope), SoakPlan.MEMORIES_PER_SCOPE + 10).stream()
                        .map(Memory::id).toList());
            }
            stored.put(pgLt, memories);
        }
        List<SoakReport.StoreResult> results = new ArrayList<>();
        for (Target t : targets) {
            WriteLog log = load.logs().get(t);
            Check c = Check.of(log.acknowledged(), log.refused(), stored.get(t), t != pgLt);
            long[] reads = load.reads().getOrDefault(t, new long[3]);
            results.add(new SoakReport.StoreResult(t.label(), c, reads[0], reads[1], log.rawErrors() + reads[2],
                    log.firstRawError(), before.get(t), load.during().getOrDefault(t, -1L), after.get(t),
                    load.closeTimes().getOrDefault(t, Duration.ZERO)));
        }
        return results;
    }

    private static Map<String, List<String>> readBack(ShortTermMemory store, Scope scope, WriteLog log) {
        Map<String, List<String>> stored = new HashMap<>();
        for (String session : log.sessions()) {
            stored.put(session, store.recent(scope.session(session), SoakPlan.SESSION_MAX_ENTRIES).stream()
                    .map(MemoryEntry::id).toList());
        }
        return stored;
    }

    private static List<Thread> startedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> !before.contains(t))
                .filter(t -> SHARED_THREADS.stream().noneMatch(p -> t.getName().startsWith(p)))
                .filter(t -> !t.getName().startsWith(THREAD_PREFIX))
                .toList();
    }

    /** Polls the condition until it holds or {@link #SETTLE} passes; the caller reports what it then sees. */
    private static void awaitOrBound(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
            Thread.sleep(200);
        }
    }

    private static long heapAfterGc() {
        // Twice: the first collection may only queue finalizable and weakly reachable objects.
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
