package dev.agentmemory.resilience;

import dev.agentmemory.MemoryException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every event as a short line, and the retry delays; completed calls in a list of their own. */
final class RecordingListener implements ResilienceListener {

    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Duration> delays = new CopyOnWriteArrayList<>();
    final List<String> lostIds = new CopyOnWriteArrayList<>();
    /** {@code operation outcome} of every completed call, kept apart so that the event sequences stay readable. */
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Duration> callTimes = new CopyOnWriteArrayList<>();

    @Override
    public void onCallCompleted(String backend, String operation, Duration elapsed, String outcome) {
        calls.add(operation + " " + outcome);
        callTimes.add(elapsed);
    }

    @Override
    public void onRetry(String backend, String operation, int failedAttempts, Duration delay, MemoryException error) {
        delays.add(delay);
        events.add("retry " + operation + " " + failedAttempts);
    }

    @Override
    public void onRetriesExhausted(String backend, String operation, int attempts, MemoryException lastError) {
        events.add("exhausted " + operation + " " + attempts);
    }

    @Override
    public void onCircuitStateChange(String backend, CircuitState from, CircuitState to) {
        events.add("circuit " + from + "->" + to);
    }

    @Override
    public void onDegradationStart(String backend, DegradationMode mode, String reason) {
        events.add("degraded " + mode);
    }

    @Override
    public void onDegradationEnd(String backend, DegradationMode mode, Duration degradedFor) {
        events.add("recovered " + mode);
    }

    @Override
    public void onBufferedWritesLost(String backend, List<String> writeIds, MemoryException cause) {
        lostIds.addAll(writeIds);
        events.add("lost " + writeIds.size());
    }

    @Override
    public void onWriteBuffered(String backend, String operation, int pending) {
        buffered.incrementAndGet();
    }

    final java.util.concurrent.atomic.AtomicInteger buffered = new java.util.concurrent.atomic.AtomicInteger();

    long count(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).count();
    }
}
