package dev.agentmemory.bench.report;

import static dev.agentmemory.bench.report.MarkdownTable.bytes;
import static dev.agentmemory.bench.report.MarkdownTable.fraction;
import static dev.agentmemory.bench.report.MarkdownTable.latency;
import static dev.agentmemory.bench.report.MarkdownTable.rate;
import static dev.agentmemory.bench.report.MarkdownTable.ratio;

import dev.agentmemory.bench.postgres.FilteredSearch;
import dev.agentmemory.bench.postgres.SearchQuality;
import dev.agentmemory.bench.realtext.RealTextBenchmark;
import dev.agentmemory.bench.recovery.LoadOutcome;
import dev.agentmemory.bench.recovery.RecoveryRun;
import dev.agentmemory.bench.redis.AppendBytes;
import dev.agentmemory.bench.redis.ChatMemoryConversation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Markdown report of one run: one table per question the issue asks, then the targets, met or missed, by how
 * much. Pure function of the {@link Results}; stateless.
 */
public final class Report {

    /** Redis variants in report order, with their labels. */
    private static final List<String[]> REDIS_VARIANTS = List.of(
            new String[] {"raw", "raw Redisson floor"},
            new String[] {"provider", "provider"},
            new String[] {"resilient", "provider + resilience"},
            new String[] {"timer", "provider + a per-call timer task only (diagnostic)"});
    private static final List<String[]> HISTORY_VARIANTS = List.of(
            new String[] {"raw", "raw Redisson floor"},
            new String[] {"provider", "provider"},
            new String[] {"full-rewrite", "full rewrite (one JSON value)"});
    private static final List<Integer> HISTORIES = List.of(10, 100, 1000);

    private Report() {
    }

    /**
     * @param results what ran
     * @param header lines about the machine, the load and the configuration, put first
     * @return the report, Markdown
     */
    public static String markdown(Results results, List<String> header) {
        StringBuilder b = new StringBuilder();
        for (String line : header) {
            b.append(line).append('\n');
        }
        realText(b, results);
        redisAppend(b, results);
        redisRecent(b, results);
        history(b, results);
        chatMemory(b, results);
        postgresStore(b, results);
        postgresSearch(b, results);
        filteredSearch(b, results);
        recovery(b, results);
        load(b, results);
        targets(b, results);
        if (!results.notes().isEmpty()) {
            b.append("\nNotes:\n");
            for (String note : results.notes()) {
                b.append("- ").append(note).append('\n');
            }
        }
        return b.toString();
    }

    private static void realText(StringBuilder b, Results r) {
        for (RealTextBenchmark.Outcome o : r.realText()) {
            MarkdownTable t = new MarkdownTable("setting", "query", ">memories", ">load", ">p50", ">p95",
                    ">recall@10 vs exact", ">hit@1", ">hit@10", ">MRR@10");
            for (RealTextBenchmark.Row row : o.rows()) {
                t.row(row.setting(), row.kind(), count(row.memories()),
                        String.format(Locale.ROOT, "%.1f s", row.loadSeconds()),
                        String.format(Locale.ROOT, "%.1f ms", row.p50Millis()),
                        String.format(Locale.ROOT, "%.1f ms", row.p95Millis()), quality(row.recall()),
                        quality(row.hit1()), quality(row.hit10()), quality(row.mrr10()));
            }
            b.append("\n### Search on real text (manual pages, all-MiniLM-L6-v2)\n\n")
                    .append(String.format(Locale.ROOT, "%,d English manual pages of this machine, the DESCRIPTION as "
                            + "the memory and the NAME line's summary as the query (%d queries, fixed seed), embedded "
                            + "once with all-MiniLM-L6-v2 (384 dimensions) and cached; loaded through the provider's "
                            + "`storeAll` and searched through the provider, top 10, `minSimilarity -1`, one thread, "
                            + "after a warm-up. hit@1, hit@10 and MRR@10 ask whether the page the query was made from "
                            + "comes back; recall@10 compares with exact search on the same vectors. At %dx the "
                            + "corpus (pages repeated under new ids) only latency means something. Corpus: %s.%n%n",
                            o.pages(), o.queries(), RealTextBenchmark.SCALE, o.corpusNote()))
                    .append(String.format(Locale.ROOT, "Cosine between a query and its page (MiniLM): p10 %.2f, "
                            + "p50 %.2f, p90 %.2f; %d of %d queries reach 0.7.%n%n", o.cosine()[0], o.cosine()[1],
                            o.cosine()[2], o.aboveDefaultThreshold(), o.queries()))
                    .append(t);
        }
    }

    private static String quality(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static void filteredSearch(StringBuilder b, Results r) {
        r.filtered().forEach((memories, rows) -> {
            MarkdownTable t = new MarkdownTable("mode", ">kept", "filter", ">p50", ">p99", ">recall@10 vs exact",
                    "min(10, matching) hits, all passing");
            for (FilteredSearch.Row row : rows) {
                t.row(row.mode(), String.format(Locale.ROOT, "%.1f%%", row.kept()), "`" + row.filter() + "`",
                        String.format(Locale.ROOT, "%.1f ms", row.p50Millis()),
                        String.format(Locale.ROOT, "%.1f ms", row.p99Millis()),
                        String.format(Locale.ROOT, "%.2f", row.recall()), row.complete() ? "yes" : "NO");
            }
            b.append("\n### PostgreSQL: filtered search, ").append(String.format(Locale.ROOT, "%,d", memories))
                    .append(" memories\n\n")
                    .append("Top 10 by vector (384 dimensions, clustered) among the memories whose metadata ")
                    .append("`bucket` (0 to 999, an Integer) passes the filter, through the provider; ")
                    .append(FilteredSearch.QUERIES).append(" queries per row after a warm-up pass, one thread. ")
                    .append("Recall is against exact search with the same filter. The last column checks that the ")
                    .append("filter applies before ranking: a search that filtered after a prefilter would return ")
                    .append("fewer.\n\n").append(t);
        });
    }

    private static void redisAppend(StringBuilder b, Results r) {
        MarkdownTable t = new MarkdownTable("store", ">threads", ">p50", ">p99", ">ops/s", ">p50 vs floor");
        for (int threads : List.of(1, 4)) {
            Optional<Measurement> floor = r.find("RedisAppendBenchmark", threads, "variant", "raw");
            for (String[] v : REDIS_VARIANTS) {
                r.find("RedisAppendBenchmark", threads, "variant", v[0]).ifPresent(m -> t.row(v[1],
                        Integer.toString(threads), latency(m.p50()), latency(m.p99()), rate(m.throughput()),
                        floor.map(f -> ratio(m.p50() / f.p50())).orElse("n/a")));
            }
        }
        if (t.isEmpty()) {
            return;
        }
        b.append("\n### Redis: append one 200-byte turn (loopback)\n\n")
                .append("Each thread appends to its own session (window 100 turns, sliding TTL 1 h). The raw floor ")
                .append("sends the provider's own Lua script on the provider's own keys with a Redisson client ")
                .append("configured like the provider's, and nothing else. The last rows are a diagnostic: the ")
                .append("provider plus only what the resilience decorator's attempt timer does per call (schedule a ")
                .append("task on a one-thread ScheduledThreadPoolExecutor, cancel it when the call returns).\n\n")
                .append(t);
        List<String> overheads = new ArrayList<>();
        for (int threads : List.of(1, 4)) {
            Optional<Measurement> raw = r.find("RedisAppendBenchmark", threads, "variant", "raw");
            Optional<Measurement> provider = r.find("RedisAppendBenchmark", threads, "variant", "provider");
            Optional<Measurement> resilient = r.find("RedisAppendBenchmark", threads, "variant", "resilient");
            Optional<Measurement> timer = r.find("RedisAppendBenchmark", threads, "variant", "timer");
            if (raw.isPresent() && provider.isPresent() && resilient.isPresent()) {
                overheads.add(String.format(Locale.ROOT, "%d thread%s: provider / floor %s, provider + resilience / "
                                + "provider %s%s", threads, threads == 1 ? "" : "s",
                        ratio(provider.get().p50() / raw.get().p50()),
                        percent(resilient.get().p50() / provider.get().p50() - 1),
                        timer.map(x -> ", provider + timer task / provider " + percent(x.p50() / provider.get().p50() - 1))
                                .orElse("")));
            }
        }
        if (!overheads.isEmpty()) {
            b.append("\nOverhead ratios at p50: ").append(String.join("; ", overheads)).append(".\n");
        }
        Optional<Measurement> bare = r.find("DecoratorCostBenchmark", 1, "variant", "bare");
        Optional<Measurement> wrapped = r.find("DecoratorCostBenchmark", 1, "variant", "resilient");
        if (bare.isPresent() && wrapped.isPresent()) {
            b.append(String.format(Locale.ROOT, "\nThe decorator's own cost, without a network (append to the "
                            + "in-memory store, 1 thread): p50 %s bare, %s with resilience, so %+.1f µs per call "
                            + "(mean %+.1f µs).\n", latency(bare.get().p50()), latency(wrapped.get().p50()),
                    wrapped.get().p50() - bare.get().p50(), wrapped.get().mean() - bare.get().mean()));
        }
    }

    private static void redisRecent(StringBuilder b, Results r) {
        MarkdownTable t = new MarkdownTable("read", ">threads", ">p50", ">p99", ">ops/s", ">p50 vs raw");
        for (int threads : List.of(1, 4)) {
            Optional<Measurement> raw = r.find("RedisRecentBenchmark", threads, "variant", "raw");
            for (String[] v : List.of(new String[] {"raw", "raw range read (script, undecoded)"},
                    new String[] {"provider", "provider recent(20)"})) {
                r.find("RedisRecentBenchmark", threads, "variant", v[0]).ifPresent(m -> t.row(v[1],
                        Integer.toString(threads), latency(m.p50()), latency(m.p99()), rate(m.throughput()),
                        raw.map(f -> ratio(m.p50() / f.p50())).orElse("n/a")));
            }
        }
        if (!t.isEmpty()) {
            b.append("\n### Redis: read the last 20 turns of a 100-turn session\n\n").append(t);
        }
    }

    private static void history(StringBuilder b, Results r) {
        MarkdownTable t = new MarkdownTable(">turns held", "store", ">p50", ">p99", ">bytes sent / append",
                ">bytes received / append");
        for (int h : HISTORIES) {
            for (String[] v : HISTORY_VARIANTS) {
                Optional<Measurement> m = r.find("AppendHistoryBenchmark", 1, "history", Integer.toString(h),
                        "variant", v[0]);
                Optional<AppendBytes.Bytes> bytes = r.bytes(v[0], h);
                if (m.isEmpty() && bytes.isEmpty()) {
                    continue;
                }
                t.row(String.format(Locale.ROOT, "%,d", h), v[1], m.map(x -> latency(x.p50())).orElse("n/a"),
                        m.map(x -> latency(x.p99())).orElse("n/a"), bytes.map(x -> bytes(x.sent())).orElse("n/a"),
                        bytes.map(x -> bytes(x.received())).orElse("n/a"));
            }
        }
        if (t.isEmpty()) {
            return;
        }
        b.append("\n### Redis: append as the session grows\n\n")
                .append("The session already holds N turns of 200 bytes and keeps a window of N, so every append ")
                .append("also drops the oldest. The full-rewrite store is what common chat-memory stores do: the ")
                .append("whole history is one JSON value, read (GET), changed and written back (SET) on every ")
                .append("append. One thread. Bytes are counted on the socket by the fault proxy, separately ")
                .append("from the timing.\n\n").append(t);
        List<String> lines = new ArrayList<>();
        for (int h : HISTORIES) {
            Optional<Measurement> p = r.find("AppendHistoryBenchmark", 1, "history", Integer.toString(h), "variant", "provider");
            Optional<Measurement> f = r.find("AppendHistoryBenchmark", 1, "history", Integer.toString(h), "variant", "full-rewrite");
            Optional<AppendBytes.Bytes> pb = r.bytes("provider", h);
            Optional<AppendBytes.Bytes> fb = r.bytes("full-rewrite", h);
            if (p.isPresent() && f.isPresent() && pb.isPresent() && fb.isPresent()) {
                lines.add(String.format(Locale.ROOT, "%,d turns: %s faster, %s fewer bytes sent", h,
                        ratio(f.get().p50() / p.get().p50()), ratio(fb.get().sent() / pb.get().sent())));
            }
        }
        if (!lines.isEmpty()) {
            b.append("\nProvider against full rewrite (p50): ").append(String.join("; ", lines)).append(".\n");
        }
    }

    private static void chatMemory(StringBuilder b, Results r) {
        if (r.chatMemory().isEmpty()) {
            return;
        }
        MarkdownTable t = new MarkdownTable(">messages", ">window", "store", ">p50 / message", ">p99 / message",
                ">mean / message", ">bytes sent / message", ">bytes received / message");
        for (ChatMemoryConversation.Row row : r.chatMemory()) {
            t.row(String.format(Locale.ROOT, "%,d", row.messages()), String.format(Locale.ROOT, "%,d", row.window()),
                    row.store().equals("agentmemory") ? "agentmemory (AgentMemoryChatMemoryStore)"
                            : "whole-list rewrite (JSON, GET and SET)",
                    latency(row.p50Micros()), latency(row.p99Micros()), latency(row.meanMicros()),
                    bytes(row.bytesSent()), bytes(row.bytesReceived()));
        }
        b.append("\n### LangChain4j chat memory on Redis: one conversation through MessageWindowChatMemory\n\n")
                .append("A system message, then user and AI messages of 200 characters in turn, added one by one ")
                .append("to a MessageWindowChatMemory (each add is one getMessages and one updateMessages). The ")
                .append("window keeps the whole conversation, or the newest ")
                .append(ChatMemoryConversation.REALISTIC_WINDOW).append(" messages. The whole-list rewrite is ")
                .append("how LangChain4j's community Redis store works: the list's JSON (ChatMessageSerializer) ")
                .append("read with GET and written back with SET. Latency of each add over at least ")
                .append(String.format(Locale.ROOT, "%,d", ChatMemoryConversation.SAMPLES)).append(" adds; bytes ")
                .append("counted on the socket by the fault proxy over one conversation. One thread.\n\n").append(t);
    }

    private static void postgresStore(StringBuilder b, Results r) {
        MarkdownTable t = new MarkdownTable("call", "implementation", ">p50", ">p99", ">rows/s");
        for (String batch : List.of("1", "100")) {
            for (String impl : List.of("provider", "jdbc")) {
                r.find("PostgresStoreBenchmark", 1, "batch", batch, "impl", impl).ifPresent(m -> t.row(
                        batch.equals("1") ? "store (one memory)" : "storeAll (" + batch + " memories)",
                        impl.equals("jdbc") ? "hand-written JDBC" : "provider", latency(m.p50()), latency(m.p99()),
                        rate(m.throughput() * Integer.parseInt(batch))));
            }
        }
        if (!t.isEmpty()) {
            b.append("\n### PostgreSQL: store memories\n\n")
                    .append("New memories with their 384-dimension vectors given (no embedding cost), one insert ")
                    .append("statement per call (`INSERT ... ON CONFLICT DO UPDATE ... RETURNING`), the cube column ")
                    .append("and its GiST index maintained. One thread. Latency is per call.\n\n").append(t);
        }
    }

    private static void postgresSearch(StringBuilder b, Results r) {
        MarkdownTable t = new MarkdownTable(">memories", "mode", "implementation", ">p50", ">p99", ">queries/s",
                ">recall@10 vs exact");
        for (int size : r.searchSizes()) {
            for (String mode : r.searchModes()) {
                for (String impl : List.of("provider", "jdbc")) {
                    Optional<SearchQuality.Quality> q = r.quality(size, mode);
                    r.find("PostgresSearchBenchmark", 1, "memories", Integer.toString(size), "mode", mode, "impl", impl)
                            .ifPresent(m -> t.row(String.format(Locale.ROOT, "%,d", size), mode,
                                    impl.equals("jdbc") ? "hand-written JDBC" : "provider", latency(m.p50()),
                                    latency(m.p99()), rate(m.throughput()),
                                    impl.equals("provider") ? q.map(x -> fraction(x.recall())).orElse("n/a") : ""));
                }
            }
        }
        if (t.isEmpty()) {
            return;
        }
        b.append("\n### PostgreSQL: similarity search, top 10\n\n")
                .append("One agent's scope holds N memories with clustered 384-dimension vectors (100 topics; a ")
                .append("memory has cosine about 0.8 with its topic). Queries are new vectors drawn the same way, no ")
                .append("similarity threshold. Every mode re-ranks its candidates by exact cosine in Java and counts ")
                .append("the access of the hits (an UPDATE), in one transaction; the JDBC baseline sends the same ")
                .append("statements by hand on one plain connection. Modes offered by this server: ")
                .append(String.join(", ", r.searchModes())).append(".\n\n").append(t);
        List<String> agreement = new ArrayList<>();
        for (int size : r.searchSizes()) {
            for (String mode : r.searchModes()) {
                r.quality(size, mode).ifPresent(q -> agreement.add(String.format(Locale.ROOT, "%,d %s %s", size, mode,
                        fraction(q.baselineAgreement()))));
            }
        }
        if (!agreement.isEmpty()) {
            b.append("\nShare of queries where the JDBC baseline returned exactly the provider's top 10 (same ")
                    .append("work, checked): ").append(String.join("; ", agreement)).append(".\n");
        }
    }

    private static void recovery(StringBuilder b, Results r) {
        if (r.recoveries().isEmpty()) {
            return;
        }
        MarkdownTable t = new MarkdownTable("policy", ">agent calls", ">attempts reaching Redis",
                ">TCP connections reaching the proxy", ">heal to first success");
        for (RecoveryRun.Outcome o : r.recoveries()) {
            t.row(o.policy().description(), Long.toString(o.callsDuringOutage()), Long.toString(o.attemptsDuringOutage()),
                    Long.toString(o.connectionsDuringOutage()), o.healToFirstSuccess() == null ? "none in "
                            + RecoveryRun.GIVE_UP.toSeconds() + " s" : millis(o.healToFirstSuccess()));
        }
        b.append("\n### Recovery from a 10-second Redis outage\n\n")
                .append("An agent loop appends a turn every 50 ms through the fault proxy. For 10 s the proxy ")
                .append("resets every connection, open or new (a load balancer whose backend is down); then it ")
                .append("heals. Counts are for the 10 s of the outage; \"attempts\" are appends that reached the ")
                .append("provider below the resilience decorator, connections include Redisson's own reconnects. ")
                .append("The time to the first success includes up to one 50 ms pause of the loop.\n\n").append(t);
    }

    private static void load(StringBuilder b, Results r) {
        if (r.loads().isEmpty()) {
            return;
        }
        MarkdownTable t = new MarkdownTable("code", "backend", ">outage (down)", ">offered", ">refused",
                ">not offered on time", ">peak backlog", ">heal to backlog empty", ">drain p50", ">drain p99",
                ">p99 before the crash", ">close", ">lost", ">duplicated");
        for (LoadOutcome o : r.loads()) {
            t.row(o.code().equals("after") ? "this checkout" : o.code(), o.backend(),
                    String.format(Locale.ROOT, "%d s (%.1f s)", o.outageSeconds(), o.downMillis() / 1000.0),
                    count(o.offered()), count(o.refused()) + (o.errors() > 0 ? " + " + count(o.errors()) + " errors" : ""),
                    count(o.missed()), count(o.peakBacklog()),
                    o.drained() ? millis(Duration.ofMillis(o.healToEmptyMillis())) : "not in " + o.boundSeconds() + " s",
                    micros(o.drainP50Micros()), micros(o.drainP99Micros()), micros(o.steadyP99Micros()),
                    millis(Duration.ofMillis(o.closeMillis())), count(o.lost()), count(o.duplicated()));
        }
        b.append("\n### Recovery under sustained load: private servers crashed and restarted\n\n")
                .append("Six writers append 200 turns a second each (paced by schedule; a writer blocked in a call skips ")
                .append("the slots it missed, counted as \"not offered on time\"), each to sessions of its own, to a ")
                .append("short-term store through the resilience decorator with `resilience.degradation=buffer-writes` ")
                .append("and the default policy otherwise (only `resilience.buffer.flush-timeout` is raised to 120 s so ")
                .append("that `close()` writes out what is left). After 3 s the private server is crashed (Redis with ")
                .append("`appendfsync always`: `kill -9`; PostgreSQL: `pg_ctl stop -m immediate`) and restarted on the ")
                .append("same port and data directory after the outage; \"down\" runs until it answers again (the heal). ")
                .append("The writers go on until the backlog (`resilience.buffered` in the store's health, polled every ")
                .append("50 ms) is empty, or for at most ").append(r.loads().get(0).boundSeconds()).append(" s; the drain ")
                .append("percentiles are over the appends that began between the heal and then. Lost and duplicated ")
                .append("count acknowledged writes read back without the decorator after `close()`.\n\n").append(t);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String micros(long micros) {
        return micros < 0 ? "n/a" : latency(micros);
    }

    private static void targets(StringBuilder b, Results r) {
        MarkdownTable t = new MarkdownTable("target", "goal", "measured", "result");
        for (LoadOutcome o : r.loads()) {
            if (!o.code().equals("after")) {
                continue;
            }
            if (o.fitsBuffer()) {
                t.row("refused writes, " + o.backend() + ", " + o.outageSeconds() + " s outage (fits the buffer)", "0",
                        count(o.refused() + o.errors()), verdict(o.refused() + o.errors() == 0));
            }
            if (o.outageSeconds() == 8) {
                t.row("heal to backlog empty, " + o.backend() + ", 8 s outage, writers going on", "within 2 s",
                        o.drained() ? millis(Duration.ofMillis(o.healToEmptyMillis())) : "not in " + o.boundSeconds() + " s",
                        verdict(o.drained() && o.healToEmptyMillis() <= 2_000));
            }
        }
        Optional<Measurement> raw1 = r.find("RedisAppendBenchmark", 1, "variant", "raw");
        Optional<Measurement> prov1 = r.find("RedisAppendBenchmark", 1, "variant", "provider");
        Optional<Measurement> res1 = r.find("RedisAppendBenchmark", 1, "variant", "resilient");
        if (prov1.isPresent() && res1.isPresent()) {
            double over = res1.get().p50() / prov1.get().p50() - 1;
            t.row("resilience decorator overhead, append p50, 1 thread", "at most +5%", percent(over), verdict(over <= 0.05));
        }
        if (raw1.isPresent() && prov1.isPresent()) {
            double x = prov1.get().p50() / raw1.get().p50();
            t.row("provider vs raw Redisson floor, append p50, 1 thread", "at most 1.20x", ratio(x), verdict(x <= 1.2));
        }
        Optional<Measurement> p1000 = r.find("AppendHistoryBenchmark", 1, "history", "1000", "variant", "provider");
        Optional<Measurement> f1000 = r.find("AppendHistoryBenchmark", 1, "history", "1000", "variant", "full-rewrite");
        if (p1000.isPresent() && f1000.isPresent()) {
            double x = f1000.get().p50() / p1000.get().p50();
            t.row("append at 1,000 turns vs full rewrite, p50", "at least 4x faster", ratio(x) + " faster", verdict(x >= 4));
        }
        Optional<AppendBytes.Bytes> pb = r.bytes("provider", 1000);
        Optional<AppendBytes.Bytes> fb = r.bytes("full-rewrite", 1000);
        if (pb.isPresent() && fb.isPresent()) {
            double x = fb.get().sent() / pb.get().sent();
            t.row("append at 1,000 turns vs full rewrite, bytes sent", "at least 100x fewer", ratio(x) + " fewer",
                    verdict(x >= 100));
        }
        String best = bestMode(r);
        if (best != null) {
            Optional<Measurement> m = r.find("PostgresSearchBenchmark", 1, "memories", "10000", "mode", best, "impl", "provider");
            Optional<SearchQuality.Quality> q = r.quality(10000, best);
            m.ifPresent(x -> t.row("search 10,000 memories, best mode here (" + best + "), p50", "under 20 ms",
                    latency(x.p50()), verdict(x.p50() < 20_000)));
            q.ifPresent(x -> t.row("search 10,000 memories, " + best + ", recall@10 vs exact", "at least 0.95",
                    fraction(x.recall()), verdict(x.recall() >= 0.95)));
        }
        r.find("PostgresSearchBenchmark", 1, "memories", "10000", "mode", "exact", "impl", "provider").ifPresent(x ->
                t.row("search 10,000 memories, exact, p50", "under 150 ms", latency(x.p50()), verdict(x.p50() < 150_000)));
        if (!t.isEmpty()) {
            b.append("\n### Targets\n\n").append(t);
        }
    }

    /** The index mode with the best p50 at 10,000 among the approximate ones, else null. */
    private static @Nullable String bestMode(Results r) {
        String best = null;
        double bestP50 = Double.MAX_VALUE;
        for (String mode : r.searchModes()) {
            if (mode.equals("exact")) {
                continue;
            }
            Optional<Measurement> m = r.find("PostgresSearchBenchmark", 1, "memories", "10000", "mode", mode, "impl", "provider");
            if (m.isPresent() && m.get().p50() < bestP50) {
                best = mode;
                bestP50 = m.get().p50();
            }
        }
        return best;
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
    }

    private static String millis(Duration d) {
        return String.format(Locale.ROOT, "%,d ms", d.toMillis());
    }
}
