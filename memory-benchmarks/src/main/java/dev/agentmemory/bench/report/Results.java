package dev.agentmemory.bench.report;

import dev.agentmemory.bench.postgres.FilteredSearch;
import dev.agentmemory.bench.postgres.SearchQuality;
import dev.agentmemory.bench.realtext.RealTextBenchmark;
import dev.agentmemory.bench.recovery.LoadOutcome;
import dev.agentmemory.bench.recovery.RecoveryRun;
import dev.agentmemory.bench.redis.AppendBytes;
import dev.agentmemory.bench.redis.ChatMemoryConversation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one run measured, collected by the driver and read by {@link Report} and {@link Charts}. Not
 * thread-safe: the driver fills it from one thread.
 */
public final class Results {

    private final List<Measurement> measurements = new ArrayList<>();
    private final Map<String, AppendBytes.Bytes> bytes = new LinkedHashMap<>();
    private final Map<Integer, Map<String, SearchQuality.Quality>> quality = new LinkedHashMap<>();
    private final List<RecoveryRun.Outcome> recoveries = new ArrayList<>();
    private final List<LoadOutcome> loads = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<Integer, List<FilteredSearch.Row>> filtered = new LinkedHashMap<>();
    private final List<RealTextBenchmark.Outcome> realText = new ArrayList<>();
    private List<ChatMemoryConversation.Row> chatMemory = List.of();
    private List<String> searchModes = List.of();
    private List<Integer> searchSizes = List.of();

    /** @param rows the LangChain4j chat memory conversation, one row per store, length and window */
    public void chatMemory(List<ChatMemoryConversation.Row> rows) {
        chatMemory = List.copyOf(rows);
    }

    /** @return the LangChain4j chat memory rows, empty if not measured */
    public List<ChatMemoryConversation.Row> chatMemory() {
        return chatMemory;
    }

    /**
     * @param memories the data set's size
     * @param rows filtered search, one row per mode and filter
     */
    public void filtered(int memories, List<FilteredSearch.Row> rows) {
        filtered.put(memories, List.copyOf(rows));
    }

    /** @return filtered search rows by data set size, in the order measured */
    public Map<Integer, List<FilteredSearch.Row>> filtered() {
        return new LinkedHashMap<>(filtered);
    }

    /** @param outcome the real-text part's table */
    public void realText(RealTextBenchmark.Outcome outcome) {
        realText.add(outcome);
    }

    /** @return the real-text part's tables (none or one) */
    public List<RealTextBenchmark.Outcome> realText() {
        return List.copyOf(realText);
    }

    /** @param m a JMH trial */
    public void add(Measurement m) {
        measurements.add(m);
    }

    /** @return every JMH trial, in the order run */
    public List<Measurement> measurements() {
        return List.copyOf(measurements);
    }

    /**
     * @param benchmark simple class name
     * @param threads threads
     * @param keysAndValues parameters that must match
     * @return the trial, if it ran
     */
    public Optional<Measurement> find(String benchmark, int threads, String... keysAndValues) {
        return measurements.stream().filter(m -> m.is(benchmark, threads, keysAndValues)).findFirst();
    }

    /** Records the bytes per append of one variant at one history length. */
    public void bytes(String variant, int history, AppendBytes.Bytes b) {
        bytes.put(variant + "@" + history, b);
    }

    /** @return the bytes per append of a variant at a history length, if counted */
    public Optional<AppendBytes.Bytes> bytes(String variant, int history) {
        return Optional.ofNullable(bytes.get(variant + "@" + history));
    }

    /** Records the search quality of one data set. */
    public void quality(int memories, Map<String, SearchQuality.Quality> byMode) {
        quality.put(memories, Map.copyOf(byMode));
    }

    /** @return the quality of a mode on a data set, if measured */
    public Optional<SearchQuality.Quality> quality(int memories, String mode) {
        return Optional.ofNullable(quality.getOrDefault(memories, Map.of()).get(mode));
    }

    /** @param outcome one recovery run */
    public void recovery(RecoveryRun.Outcome outcome) {
        recoveries.add(outcome);
    }

    /** @return the recovery runs */
    public List<RecoveryRun.Outcome> recoveries() {
        return List.copyOf(recoveries);
    }

    /** @param outcome one sustained-load recovery run */
    public void load(LoadOutcome outcome) {
        loads.add(outcome);
    }

    /** @return the sustained-load recovery runs, in the order they ran */
    public List<LoadOutcome> loads() {
        return List.copyOf(loads);
    }

    /** @param note a line for the report's notes (something skipped, and why) */
    public void note(String note) {
        notes.add(note);
    }

    /** @return the notes */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** Sets the search modes and data set sizes that ran. */
    public void search(List<String> modes, List<Integer> sizes) {
        searchModes = List.copyOf(modes);
        searchSizes = List.copyOf(sizes);
    }

    /** @return the search modes that ran */
    public List<String> searchModes() {
        return searchModes;
    }

    /** @return the data set sizes that ran */
    public List<Integer> searchSizes() {
        return searchSizes;
    }
}
