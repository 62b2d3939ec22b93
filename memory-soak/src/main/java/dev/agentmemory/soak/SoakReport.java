package dev.agentmemory.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a soak: per store, what was kept of what the writers were told, and the connections it held; the
 * crashes; threads and heap before and after. {@link #failures()} lists every reason the soak failed.
 *
 * @param plan the plan
 * @param stores one row per store
 * @param outages per server (its description), the crashes
 * @param problems failures of the run itself (a restart that failed, a writer that did not stop)
 * @param threadsBefore live threads before the stores were opened
 * @param threadsAfter live threads after they were closed
 * @param leakedThreads threads started while the stores were open and still alive after close (named, with state)
 * @param heapBefore heap in use after a full GC before the stores were opened, in bytes
 * @param heapAfter heap in use after a full GC after they were closed and checked, in bytes
 * @param elapsed the whole run, servers included
 */
record SoakReport(SoakPlan plan, List<StoreResult> stores, Map<String, List<Outages.Outage>> outages,
                  List<String> problems, int threadsBefore, int threadsAfter, List<String> leakedThreads,
                  long heapBefore, long heapAfter, Duration elapsed) {

    /**
     * One store's row.
     *
     * @param store what it is, e.g. {@code redis short-term}
     * @param check what was kept
     * @param readsOk reads that returned
     * @param readsFailed reads that threw a MemoryException (while the backend was down)
     * @param rawErrors calls that threw something other than a MemoryException
     * @param firstRawError the first of those, or null
     * @param connectionsBefore connections with the store's client name before it was opened
     * @param connectionsDuring the same at the end of the load, before close
     * @param connectionsAfter the same after close (once they reach the number before, or the bound passes)
     * @param close how long close() took, flushing the write buffer included
     */
    record StoreResult(String store, Check check, long readsOk, long readsFailed, long rawErrors,
                       @Nullable String firstRawError, long connectionsBefore, long connectionsDuring,
                       long connectionsAfter, Duration close) {
    }

    /** @return why the soak failed; empty if it passed */
    List<String> failures() {
        List<String> f = new ArrayList<>(problems);
        for (StoreResult s : stores) {
            Check c = s.check();
            if (c.lost() > 0) {
                f.add(s.store() + ": " + c.lost() + " acknowledged writes lost");
            }
            if (c.duplicated() > 0) {
                f.add(s.store() + ": " + c.duplicated() + " duplicated");
            }
            if (c.outOfOrder() > 0) {
                f.add(s.store() + ": " + c.outOfOrder() + " out of acknowledgement order");
            }
            if (c.unknown() > 0) {
                f.add(s.store() + ": " + c.unknown() + " stored ids that no writer wrote");
            }
            if (s.rawErrors() > 0) {
                f.add(s.store() + ": " + s.rawErrors() + " calls threw something other than a MemoryException, first: "
                        + s.firstRawError());
            }
            if (s.connectionsAfter() > s.connectionsBefore()) {
                f.add(s.store() + ": " + s.connectionsAfter() + " connections left after close, "
                        + s.connectionsBefore() + " before open");
            }
        }
        if (!leakedThreads.isEmpty()) {
            f.add(leakedThreads.size() + " threads started by the stores are alive after close: " + leakedThreads);
        }
        return f;
    }

    /** @return the report as Markdown: the table, the crashes, threads and heap, and the verdict */
    String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Soak of %s: %d writers and %d readers per short-term store, %d long-term "
                        + "writers, %d ms between writes, BUFFER_WRITES (seed %d)%n%n", clock(plan.length()),
                plan.writersPerStore(), plan.readersPerStore(), plan.longTermWriters(), plan.pause().toMillis(),
                plan.seed()));
        b.append("| store | acknowledged | stored | lost | duplicated | out of order | refused | refused, stored anyway "
                + "| reads ok / failed | connections before / during / after | close |\n");
        b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (StoreResult s : stores) {
            Check c = s.check();
            b.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %s | %,d | %,d | %s | %d / %d / %d | %.1f s |%n",
                    s.store(), c.acknowledged(), c.stored(), c.lost(), c.duplicated(),
                    c.outOfOrder() < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", c.outOfOrder()), c.refused(),
                    c.refusedStoredAnyway(),
                    s.readsOk() + s.readsFailed() == 0 ? "-" : String.format(Locale.ROOT, "%,d / %,d", s.readsOk(), s.readsFailed()),
                    s.connectionsBefore(), s.connectionsDuring(), s.connectionsAfter(), s.close().toMillis() / 1000.0));
        }
        b.append('\n');
        outages.forEach((server, list) -> {
            b.append("- ").append(server).append(": ").append(list.size()).append(list.size() == 1 ? " crash" : " crashes");
            for (Outages.Outage o : list) {
                b.append(String.format(Locale.ROOT, "; at %s down %.1f s", clock(o.at()), o.down().toMillis() / 1000.0));
            }
            b.append('\n');
        });
        b.append(String.format(Locale.ROOT, "- live threads: %d before, %d after%s%n", threadsBefore, threadsAfter,
                leakedThreads.isEmpty() ? " (none of the stores' threads left)" : " (left: " + leakedThreads + ")"));
        b.append(String.format(Locale.ROOT, "- heap after a full GC: %.1f MB before, %.1f MB after%n",
                heapBefore / 1048576.0, heapAfter / 1048576.0));
        b.append(String.format(Locale.ROOT, "- whole run: %s%n", clock(elapsed)));
        List<String> f = failures();
        b.append(f.isEmpty() ? "\nPASS: nothing acknowledged was lost, duplicated or reordered; no connection or thread "
                + "left\n" : "\nFAIL:\n- " + String.join("\n- ", f) + "\n");
        return b.toString();
    }

    /** @return {@code m:ss} */
    static String clock(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
