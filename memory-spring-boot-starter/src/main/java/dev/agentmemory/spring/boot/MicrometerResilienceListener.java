package dev.agentmemory.spring.boot;

import dev.agentmemory.MemoryException;
import dev.agentmemory.resilience.CircuitState;
import dev.agentmemory.resilience.DegradationMode;
import dev.agentmemory.resilience.ResilienceListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns the resilience layer's events into Micrometer meters, tagged {@code backend} (for example
 * {@code short-term redis://127.0.0.1:6379}, never with credentials):
 * <ul>
 *   <li>{@value #CALLS} (timer, also tagged {@code operation} and {@code outcome}): every call of the store's methods
 *       that read or write ({@code append}, {@code recent}, {@code storeAll}, {@code search}, ...), timed as the
 *       caller saw it, retries and backoffs included; {@code outcome} is {@code success}, {@code degraded} (an empty
 *       read or a buffered write) or the simple class name of the error the caller got;</li>
 *   <li>{@value #RETRIES} (counter, also tagged {@code operation}): retries after a transient error;</li>
 *   <li>{@value #RETRIES_EXHAUSTED} (counter, tagged {@code operation}): calls that gave up;</li>
 *   <li>{@value #CIRCUIT_STATE} (gauge): 0 closed, 1 half-open, 2 open;</li>
 *   <li>{@value #DEGRADED} (gauge): 1 while the store answers in a degraded way, else 0;</li>
 *   <li>{@value #BUFFER_PENDING} (gauge): writes waiting in the outbox;</li>
 *   <li>{@value #BUFFER_BUFFERED}, {@value #BUFFER_REPLAYED}, {@value #BUFFER_LOST} (counters): writes put into the
 *       outbox, written from it, and lost from it.</li>
 * </ul>
 * The gauges of a store exist from the moment it is opened. Thread-safe.
 */
final class MicrometerResilienceListener implements ResilienceListener, BackendAware {

    static final String CALLS = "agentmemory.calls";
    static final String RETRIES = "agentmemory.resilience.retries";
    static final String RETRIES_EXHAUSTED = "agentmemory.resilience.retries.exhausted";
    static final String CIRCUIT_STATE = "agentmemory.resilience.circuit.state";
    static final String DEGRADED = "agentmemory.resilience.degraded";
    static final String BUFFER_PENDING = "agentmemory.resilience.buffer.pending";
    static final String BUFFER_BUFFERED = "agentmemory.resilience.buffer.buffered";
    static final String BUFFER_REPLAYED = "agentmemory.resilience.buffer.replayed";
    static final String BUFFER_LOST = "agentmemory.resilience.buffer.lost";

    private final MeterRegistry registry;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    MicrometerResilienceListener(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A store's gauge values; the gauges hold it strongly through their state object. */
    private static final class State {
        final AtomicInteger circuit = new AtomicInteger();
        final AtomicInteger degraded = new AtomicInteger();
        final AtomicInteger pending = new AtomicInteger();
    }

    @Override
    public void track(String backend) {
        state(backend);
        for (String name : List.of(BUFFER_BUFFERED, BUFFER_REPLAYED, BUFFER_LOST)) {
            counter(name, backend);
        }
    }

    private State state(String backend) {
        return states.computeIfAbsent(backend, b -> {
            State s = new State();
            Gauge.builder(CIRCUIT_STATE, s, x -> x.circuit.get()).tag("backend", b)
                    .description("the circuit breaker: 0 closed, 1 half-open, 2 open").register(registry);
            Gauge.builder(DEGRADED, s, x -> x.degraded.get()).tag("backend", b)
                    .description("1 while the store answers in a degraded way").register(registry);
            Gauge.builder(BUFFER_PENDING, s, x -> x.pending.get()).tag("backend", b)
                    .description("writes waiting in the outbox").register(registry);
            return s;
        });
    }

    private Counter counter(String name, String backend) {
        return Counter.builder(name).tag("backend", backend).register(registry);
    }

    private Counter counter(String name, String backend, String operation) {
        return Counter.builder(name).tag("backend", backend).tag("operation", operation).register(registry);
    }

    @Override
    public void onCallCompleted(String backend, String operation, Duration elapsed, String outcome) {
        Timer.builder(CALLS).description("calls of the store's methods, retries included")
                .tag("backend", backend).tag("operation", operation).tag("outcome", outcome)
                .register(registry).record(elapsed);
    }

    @Override
    public void onRetry(String backend, String operation, int failedAttempts, Duration delay, MemoryException error) {
        counter(RETRIES, backend, operation).increment();
    }

    @Override
    public void onRetriesExhausted(String backend, String operation, int attempts, MemoryException lastError) {
        counter(RETRIES_EXHAUSTED, backend, operation).increment();
    }

    @Override
    public void onCircuitStateChange(String backend, CircuitState from, CircuitState to) {
        state(backend).circuit.set(switch (to) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        });
    }

    @Override
    public void onDegradationStart(String backend, DegradationMode mode, String reason) {
        state(backend).degraded.set(1);
    }

    @Override
    public void onDegradationEnd(String backend, DegradationMode mode, Duration degradedFor) {
        state(backend).degraded.set(0);
    }

    @Override
    public void onWriteBuffered(String backend, String operation, int pending) {
        state(backend).pending.set(pending);
        counter(BUFFER_BUFFERED, backend).increment();
    }

    @Override
    public void onBufferReplayed(String backend, int replayed, int pending) {
        state(backend).pending.set(pending);
        counter(BUFFER_REPLAYED, backend).increment(replayed);
    }

    @Override
    public void onBufferedWritesLost(String backend, List<String> writeIds, MemoryException cause) {
        counter(BUFFER_LOST, backend).increment(writeIds.size());
    }
}
