package dev.agentmemory.bench;

import dev.agentmemory.bench.postgres.FilteredSearch;
import dev.agentmemory.bench.postgres.PostgresSearchBenchmark;
import dev.agentmemory.bench.postgres.PostgresStoreBenchmark;
import dev.agentmemory.bench.postgres.PostgresStores;
import dev.agentmemory.bench.postgres.SearchQuality;
import dev.agentmemory.bench.realtext.RealTextBenchmark;
import dev.agentmemory.bench.recovery.RecoveryRun;
import dev.agentmemory.bench.recovery.SustainedLoad;
import dev.agentmemory.bench.redis.AppendBytes;
import dev.agentmemory.bench.redis.AppendHistoryBenchmark;
import dev.agentmemory.bench.redis.ChatMemoryConversation;
import dev.agentmemory.bench.redis.DecoratorCostBenchmark;
import dev.agentmemory.bench.redis.RedisAppendBenchmark;
import dev.agentmemory.bench.redis.RedisRecentBenchmark;
import dev.agentmemory.bench.redis.RunKeys;
import dev.agentmemory.bench.report.Charts;
import dev.agentmemory.bench.report.Measurement;
import dev.agentmemory.bench.report.Report;
import dev.agentmemory.bench.report.Results;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks, the byte counts, the recall check and the recovery runs, then prints the Markdown report
 * and writes it, the raw JMH JSON and the two charts under the output directory. {@code bin/bench} is its
 * launcher; {@code bin/bench --help} lists the flags.
 *
 * <p>Everything it creates on the servers carries the run's id ({@link Servers}) and is removed at the end,
 * whatever happened.
 */
public final class BenchMain {

    /** The parts of a run, in the order they run. */
    static final List<String> PARTS = List.of("append", "history", "chatmemory", "store", "search", "filtered",
            "recovery", "realtext");

    /** The parts of a run without {@code --only}: the real-text part runs only when named (it takes 15 minutes). */
    static final List<String> DEFAULT_PARTS = PARTS.subList(0, PARTS.size() - 1);

    private static final String USAGE = """
            usage: bin/bench [--long | --smoke] [--only PART[,PART...]] [--sizes N[,N...]] [--redis URI] [--postgres URL] [--out DIR]
                             [--outages S[,S...]] [--before DIR]

              (no flag)   the short, fixed run: under 10 minutes on 2 cores; search at 1,000 and 10,000 memories
              --long      the longer, more precise run: 2 forks, longer iterations, search also at 100,000 memories
              --smoke     a check that everything runs (1 s iterations, 1,000 memories); numbers mean little
              --only      run only these parts: append (Redis append and recent(20) at 1 and 4 threads),
                          history (append against session length, and bytes per append), chatmemory (a
                          LangChain4j conversation of 10, 100 and 1,000 messages through MessageWindowChatMemory
                          on Redis: agentmemory's store against a whole-list rewrite), store (PostgreSQL
                          store and storeAll), search (PostgreSQL search and recall), filtered (PostgreSQL
                          search with filters keeping 50%, 5% and 0.5% of 10,000 memories), recovery (outage and recovery:
                          one agent loop through the fault proxy, and six writers at 200 writes/s while a private
                          Redis and PostgreSQL are crashed and restarted), realtext (only when named: search
                          quality and latency of every PostgreSQL search mode on the machine's manual pages embedded
                          with all-MiniLM-L6-v2, cached in target/realtext; about 15 minutes, --smoke 1,000 pages)
              --outages   the sustained-load outages in seconds (default 2,8,30)
              --before    also run the sustained load on older code: DIR is a checkout of it built with
                          mvn -o -DskipTests package -pl memory-resilience,memory-redis-provider,memory-postgres-provider -am
              --settings  realtext only: measure only the settings whose name or query kind contains one of
                          these words (e.g. signature,hybrid); exact vector search, the reference of recall, always runs
              --sizes     memories per search data set, instead of the plan's
              --redis     Redis URI (default $AGENTMEMORY_BENCH_REDIS_URI, else $AGENTMEMORY_TEST_REDIS_URI,
                          else redis://127.0.0.1:6379)
              --postgres  PostgreSQL JDBC URL (default $AGENTMEMORY_BENCH_POSTGRES_URL, else
                          $AGENTMEMORY_TEST_POSTGRES_URL, else jdbc:postgresql://127.0.0.1:5432/test?user=postgres)
              --out       where results go (default target/bench)
            """;

    private final BenchPlan plan;
    private final Set<String> parts;
    private final List<Integer> sizes;
    private final Servers servers;
    private final Path out;
    private final List<Integer> outages;
    private final @Nullable Path before;
    private final List<String> realTextSettings;
    private final Results results = new Results();
    private final PrintStream progress;
    private final long started = System.nanoTime();

    private BenchMain(BenchPlan plan, Set<String> parts, List<Integer> sizes, Servers servers, Path out,
                      List<Integer> outages, @Nullable Path before, List<String> realTextSettings,
                      PrintStream progress) {
        this.realTextSettings = realTextSettings;
        this.outages = outages;
        this.before = before;
        this.plan = plan;
        this.parts = parts;
        this.sizes = sizes;
        this.servers = servers;
        this.out = out;
        this.progress = progress;
    }

    /**
     * @param args see {@code --help}
     * @throws Exception if the output directory cannot be made; a failing benchmark ends the run with exit code 1,
     *     after the report of what ran is written and everything the run created is removed
     */
    public static void main(String[] args) throws Exception {
        BenchPlan plan = BenchPlan.SHORT;
        Set<String> parts = new LinkedHashSet<>(DEFAULT_PARTS);
        @Nullable List<Integer> sizes = null;
        String redis = env("AGENTMEMORY_BENCH_REDIS_URI", env("AGENTMEMORY_TEST_REDIS_URI", "redis://127.0.0.1:6379"));
        String postgres = env("AGENTMEMORY_BENCH_POSTGRES_URL", env("AGENTMEMORY_TEST_POSTGRES_URL",
                "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
        Path out = Path.of("target", "bench");
        List<Integer> outages = List.of(2, 8, 30);
        @Nullable Path before = null;
        List<String> realTextSettings = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--long" -> plan = BenchPlan.LONG;
                case "--smoke" -> plan = BenchPlan.SMOKE;
                case "--only" -> {
                    parts = new LinkedHashSet<>();
                    for (String part : value(args, ++i).split(",")) {
                        if (!PARTS.contains(part.trim())) {
                            fail("unknown part '" + part + "'; the parts are " + PARTS);
                        }
                        parts.add(part.trim());
                    }
                }
                case "--sizes" -> {
                    sizes = new ArrayList<>();
                    for (String n : value(args, ++i).split(",")) {
                        sizes.add(Integer.parseInt(n.trim().replace("_", "")));
                    }
                }
                case "--settings" -> realTextSettings = List.of(value(args, ++i).split(","));
                case "--redis" -> redis = value(args, ++i);
                case "--postgres" -> postgres = value(args, ++i);
                case "--out" -> out = Path.of(value(args, ++i));
                case "--outages" -> {
                    List<Integer> o = new ArrayList<>();
                    for (String n : value(args, ++i).split(",")) {
                        o.add(Integer.parseInt(n.trim()));
                    }
                    outages = List.copyOf(o);
                }
                case "--before" -> before = Path.of(value(args, ++i)).toAbsolutePath();
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    return;
                }
                default -> fail("unknown argument '" + args[i] + "'");
            }
        }
        Files.createDirectories(out);
        String runId = Long.toString(System.currentTimeMillis(), 36);
        Servers servers = new Servers(redis, postgres, runId);
        BenchMain main = new BenchMain(plan, parts, sizes == null ? plan.searchSizes() : List.copyOf(sizes),
                servers, out, outages, before, realTextSettings, System.err);
        boolean ok = main.run();
        // Exit explicitly: after a failure, a store that could not be closed may keep non-daemon driver threads.
        System.exit(ok ? 0 : 1);
    }

    /** @return whether every part ran */
    private boolean run() throws Exception {
        Machine machine = new Machine();
        machine.startSampling();
        say("%s; results in %s", plan.describe(), out.toAbsolutePath());
        Throwable failure = null;
        try {
            runParts();
        } catch (Exception | LinkageError e) {
            failure = e;
            say("FAILED: %s (JMH's own output is in %s/*.log)", e, out);
            e.printStackTrace(progress);
        } finally {
            cleanUp();
            machine.stopSampling();
        }
        String machineLine = Machine.describe();
        List<String> header = new ArrayList<>();
        header.add("## Performance\n");
        String only = parts.equals(new LinkedHashSet<>(DEFAULT_PARTS)) ? "" : " --only " + String.join(",", parts);
        header.add("Measured with `bin/bench" + (plan == BenchPlan.SHORT ? "" : " --" + plan.name()) + only + "` on "
                + LocalDate.now()
                + ": " + machineLine + "; " + Machine.redisVersion(servers.redisUri()) + " and "
                + Machine.postgresVersion(servers.postgresUrl()) + " on the same machine, over loopback.");
        header.add("");
        header.add("- " + plan.describe() + "; wall time " + minutes(Duration.ofNanos(System.nanoTime() - started)) + ".");
        header.add("- " + machine.loadLine() + ".");
        header.add("- p50 and p99 are per call; ops/s is derived as threads / mean latency. Raw JMH results: "
                + "`memory-benchmarks/target/bench/*.json`.");
        String subtitle = machineLine + ", " + plan.name() + " run, " + LocalDate.now();
        List<String> charts = new ArrayList<>();
        Charts.append(results, out, subtitle).ifPresent(p -> charts.add("![Append latency against session length]("
                + p.getFileName() + ")"));
        Charts.search(results, out, subtitle).ifPresent(p -> charts.add("![Search latency against memory count]("
                + p.getFileName() + ")"));
        Charts.recovery(results, out, subtitle).ifPresent(p -> charts.add("![Heal to empty write buffer against "
                + "outage](" + p.getFileName() + ")"));
        if (!charts.isEmpty()) {
            header.add("");
            header.addAll(charts);
        }
        String markdown = Report.markdown(results, header);
        Files.writeString(out.resolve("results.md"), markdown, StandardCharsets.UTF_8);
        System.out.print(markdown);
        say("done in %s; report %s", minutes(Duration.ofNanos(System.nanoTime() - started)), out.resolve("results.md"));
        return failure == null;
    }

    private void runParts() throws Exception {
        if (parts.contains("append")) {
            AppendBytes.checkRawFloorMatchesProvider(servers);
            for (int threads : List.of(1, 4)) {
                jmh("redis-append-t" + threads, RedisAppendBenchmark.class, threads, Map.of());
            }
            for (int threads : List.of(1, 4)) {
                jmh("redis-recent-t" + threads, RedisRecentBenchmark.class, threads, Map.of());
            }
            jmh("decorator-cost", DecoratorCostBenchmark.class, 1, Map.of());
        }
        if (parts.contains("history")) {
            jmh("redis-history", AppendHistoryBenchmark.class, 1, Map.of());
            say("counting bytes per append through the fault proxy");
            for (int history : List.of(10, 100, 1000)) {
                for (String variant : List.of("raw", "provider", "full-rewrite")) {
                    results.bytes(variant, history, AppendBytes.measure(servers, variant, history));
                }
            }
        }
        if (parts.contains("chatmemory")) {
            say("LangChain4j chat memory: conversations of %s messages, two stores, two windows",
                    ChatMemoryConversation.LENGTHS);
            results.chatMemory(ChatMemoryConversation.measure(servers, plan == BenchPlan.SMOKE));
        }
        List<String> modes = List.of();
        if (parts.contains("store") || parts.contains("search") || parts.contains("filtered")) {
            modes = PostgresStores.modes(servers.postgresUrl());
            say("search modes this PostgreSQL offers: %s", modes);
            if (!modes.contains("pgvector")) {
                results.note("pgvector is not installed on this PostgreSQL, so its mode was not measured; "
                        + "the provider picks it first wherever it exists.");
            }
        }
        if (parts.contains("store")) {
            String schema = servers.schema("store");
            PostgresStores.open(servers.postgresUrl(), schema, "auto").close();
            jmh("postgres-store", PostgresStoreBenchmark.class, 1, Map.of());
        }
        if (parts.contains("search")) {
            if (!sizes.contains(100_000)) {
                results.note("100,000 memories are part of `bin/bench --long` only: loading them through the "
                        + "provider takes minutes and exact search over them about a second per query, which does "
                        + "not fit the short run's 10 minutes.");
            }
            for (int size : sizes) {
                long t0 = System.nanoTime();
                say("loading %,d memories through the provider's storeAll", size);
                PostgresStores.load(servers.postgresUrl(), servers.schema("search_" + size), size, modes);
                say("loaded %,d memories in %s; measuring recall", size, seconds(System.nanoTime() - t0));
                Map<String, SearchQuality.Quality> quality = SearchQuality.measure(servers, size, modes);
                results.quality(size, quality);
            }
            results.search(modes, sizes);
            Map<String, String[]> params = new LinkedHashMap<>();
            params.put("memories", sizes.stream().map(String::valueOf).toArray(String[]::new));
            params.put("mode", modes.toArray(String[]::new));
            jmh("postgres-search", PostgresSearchBenchmark.class, 1, params);
        }
        if (parts.contains("filtered")) {
            int memories = plan == BenchPlan.SMOKE ? 1_000 : 10_000;
            say("filtered search over %,d memories, modes %s", memories, modes);
            results.filtered(memories, FilteredSearch.measure(servers, memories, modes));
        }
        if (parts.contains("realtext")) {
            say("realtext: search quality and latency on the machine's manual pages");
            Path cache = out.toAbsolutePath().getParent().resolve("realtext");
            results.realText(RealTextBenchmark.measure(servers, cache, plan == BenchPlan.SMOKE,
                    realTextSettings, progress));
        }
        if (parts.contains("recovery")) {
            for (RecoveryRun.Policy policy : RecoveryRun.policies()) {
                say("recovery: 10 s outage, policy %s", policy.name().toLowerCase(Locale.ROOT));
                results.recovery(RecoveryRun.run(servers, policy));
            }
            Path work = out.resolve("servers").toAbsolutePath();
            for (String backend : List.of("redis", "postgres")) {
                for (String code : before == null ? List.of("after") : List.of("after", "before " + revision(before))) {
                    say("recovery under load: %s, %s code, outages %s s", backend, code, outages);
                    SustainedLoad.measure(code, before, backend, outages, work,
                            out.resolve("recovery-load.log").toAbsolutePath(), progress).forEach(results::load);
                }
            }
            if (before == null) {
                results.note("The sustained-load recovery run measured this checkout only; `--before DIR` adds the "
                        + "code of a checkout built in DIR.");
            }
        }
    }

    private void jmh(String name, Class<?> benchmark, int threads, Map<String, String[]> params) throws RunnerException {
        say("%s (%s, %d thread%s)", name, benchmark.getSimpleName(), threads, threads == 1 ? "" : "s");
        List<String> jvm = new ArrayList<>(List.of("-Xms1g", "-Xmx1g", "-Djava.awt.headless=true",
                "-Djava.util.logging.manager=org.apache.logging.log4j.jul.LogManager",
                "-Dbench.log=" + out.resolve("benchmark-jvm.log").toAbsolutePath()));
        jvm.addAll(Arrays.asList(servers.asJvmArguments()));
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(benchmark.getName()) + "\\.")
                .forks(plan.forks())
                .warmupIterations(plan.warmupIterations())
                .warmupTime(TimeValue.seconds(plan.warmupSeconds()))
                .measurementIterations(plan.iterations())
                .measurementTime(TimeValue.seconds(plan.iterationSeconds()))
                .threads(threads)
                .jvmArgs(jvm.toArray(String[]::new))
                .timeout(TimeValue.minutes(5))
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(out.resolve(name + ".json").toString())
                .output(out.resolve(name + ".log").toString());
        params.forEach(options::param);
        Collection<RunResult> runs = new Runner(options.build()).run();
        for (RunResult run : runs) {
            results.add(Measurement.of(run));
        }
    }

    /** @return the short commit of a checkout, for the report; its directory name if git cannot tell */
    private static String revision(Path checkout) {
        try {
            Process git = new ProcessBuilder("git", "-C", checkout.toString(), "rev-parse", "--short", "HEAD")
                    .redirectErrorStream(true).start();
            String rev = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (git.waitFor() == 0 && rev.matches("[0-9a-f]{4,40}")) {
                return rev;
            }
        } catch (IOException e) {
            // No git: fall through to the directory's name.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return String.valueOf(checkout.getFileName());
    }

    private void cleanUp() {
        if (parts.contains("append") || parts.contains("history") || parts.contains("chatmemory")
                || parts.contains("recovery")) {
            try {
                RunKeys.deleteAll(servers);
            } catch (RuntimeException e) {
                say("could not delete the Redis keys under %s: %s", servers.redisPrefix(""), e);
            }
        }
        List<String> schemas = new ArrayList<>();
        if (parts.contains("store")) {
            schemas.add(servers.schema("store"));
        }
        if (parts.contains("search")) {
            for (int size : sizes) {
                schemas.add(servers.schema("search_" + size));
            }
        }
        for (String schema : schemas) {
            try {
                PostgresStores.drop(servers.postgresUrl(), schema);
            } catch (Exception e) {
                say("could not drop schema %s: %s", schema, e);
            }
        }
    }

    private void say(String format, Object... args) {
        progress.println("bench " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + ": " + String.format(Locale.ROOT,
                format, args));
    }

    private static String minutes(Duration d) {
        return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            fail(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void fail(String message) {
        System.err.println("bin/bench: " + message);
        System.err.print(USAGE);
        System.exit(2);
    }
}
