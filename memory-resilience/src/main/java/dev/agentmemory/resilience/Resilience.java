package dev.agentmemory.resilience;

import dev.agentmemory.Embedder;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.resilience.internal.ResilientEmbedder;
import dev.agentmemory.resilience.internal.ResilientLongTermMemory;
import dev.agentmemory.resilience.internal.ResilientShortTermMemory;
import java.time.Duration;
import java.util.Objects;

/**
 * Wraps a store or an embedder by hand in a {@link ResiliencePolicy}. Stores opened by
 * {@link dev.agentmemory.MemoryStores} are already wrapped when this module is on the module path (decorator
 * {@value #DECORATOR_NAME}); wrap by hand to attach a {@link ResilienceListener}, or open with
 * {@code resilience.enabled=false} and wrap with your own policy:
 *
 * <pre>{@code
 * ResiliencePolicy policy = ResiliencePolicy.builder()
 *         .degradation(DegradationMode.BUFFER_WRITES)
 *         .listener(myListener)
 *         .build();
 * try (ShortTermMemory recent = Resilience.wrap(
 *         MemoryStores.shortTerm("redis://127.0.0.1:6379", MemoryOptions.of("resilience.enabled", "false")), policy)) {
 *     recent.append(chat, NewEntry.of("user", "hello"));
 * }
 * }</pre>
 *
 * <p>A wrapped store keeps the store's contract: the error taxonomy (a transient error that outlasts the policy
 * becomes {@link dev.agentmemory.MemoryUnavailableException}), an idempotent {@code close()} that closes the wrapped
 * store and ends every thread the wrapper started, and {@link dev.agentmemory.MemoryClosedException} after close.
 * Wrapping does not validate arguments: stores from {@code MemoryStores} do that before the wrapper is reached.
 * Thread-safe; holds no state.
 */
public final class Resilience {

    /** The name of the decorator, so {@code resilience.enabled=false} turns it off. */
    public static final String DECORATOR_NAME = "resilience";
    /**
     * The decorator's order: 100, so that decorators with a lower order (closer to the provider) see every attempt,
     * and those with a higher order see one call.
     */
    public static final int DECORATOR_ORDER = 100;

    private Resilience() {
    }

    /**
     * Wraps a short-term store, naming the backend after the store's {@code toString()} (with credentials masked).
     *
     * @param store the store; the wrapper's {@code close()} closes it
     * @param policy the policy
     * @return the resilient store
     */
    public static ShortTermMemory wrap(ShortTermMemory store, ResiliencePolicy policy) {
        return wrap(store, MemoryOptions.redact(String.valueOf(store)), policy);
    }

    /**
     * Wraps a short-term store.
     *
     * @param store the store; the wrapper's {@code close()} closes it
     * @param backend the backend's name for messages and logs; never put a password in it
     * @param policy the policy
     * @return the resilient store
     */
    public static ShortTermMemory wrap(ShortTermMemory store, String backend, ResiliencePolicy policy) {
        return wrap(store, backend, policy, MemoryDefaults.SHORT_TERM_TTL);
    }

    /**
     * Wraps a short-term store whose sessions have a TTL other than the default.
     *
     * @param store the store; the wrapper's {@code close()} closes it
     * @param backend the backend's name for messages and logs; never put a password in it
     * @param policy the policy
     * @param sessionTtl the store's session TTL, for the expiry of appends acknowledged from the write buffer
     * @return the resilient store
     */
    public static ShortTermMemory wrap(ShortTermMemory store, String backend, ResiliencePolicy policy,
                                       Duration sessionTtl) {
        return new ResilientShortTermMemory(Objects.requireNonNull(store, "store"), Objects.requireNonNull(backend,
                "backend"), Objects.requireNonNull(policy, "policy"), Objects.requireNonNull(sessionTtl, "sessionTtl"));
    }

    /**
     * Wraps a long-term store, naming the backend after the store's {@code toString()} (with credentials masked).
     *
     * @param store the store; the wrapper's {@code close()} closes it
     * @param policy the policy
     * @return the resilient store
     */
    public static LongTermMemory wrap(LongTermMemory store, ResiliencePolicy policy) {
        return wrap(store, MemoryOptions.redact(String.valueOf(store)), policy);
    }

    /**
     * Wraps a long-term store.
     *
     * @param store the store; the wrapper's {@code close()} closes it
     * @param backend the backend's name for messages and logs; never put a password in it
     * @param policy the policy
     * @return the resilient store
     */
    public static LongTermMemory wrap(LongTermMemory store, String backend, ResiliencePolicy policy) {
        return new ResilientLongTermMemory(Objects.requireNonNull(store, "store"), null,
                Objects.requireNonNull(backend, "backend"), Objects.requireNonNull(policy, "policy"));
    }

    /**
     * Wraps a long-term store and embeds for it: the text of every store and search is embedded first, once, through
     * {@code embedder} (wrap it with {@link #wrap(Embedder, ResiliencePolicy)} to give embedding its own retries), and
     * the store is called with the vector; only that call goes through the store's retries, attempt timeout, budget
     * and circuit. Without this, the wrapped store embeds inside the store's attempts, and a store retry embeds again.
     *
     * @param store the store; the wrapper's {@code close()} closes it
     * @param embedder the embedder the store was opened with (same dimension)
     * @param backend the backend's name for messages and logs; never put a password in it
     * @param policy the store's policy
     * @return the resilient store
     */
    public static LongTermMemory wrap(LongTermMemory store, Embedder embedder, String backend,
                                      ResiliencePolicy policy) {
        return new ResilientLongTermMemory(Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(embedder, "embedder"), Objects.requireNonNull(backend, "backend"),
                Objects.requireNonNull(policy, "policy"));
    }

    /**
     * Wraps an embedder in the policy's retries, budget, attempt timeout, circuit breaker and bulkhead. A raw
     * {@link java.io.UncheckedIOException} from the embedder becomes a (retried) transient
     * {@link dev.agentmemory.MemoryConnectionException}; any other raw {@link RuntimeException} a permanent
     * {@link dev.agentmemory.MemoryUnavailableException}, attempted once. The degradation mode does not apply.
     *
     * @param embedder the embedder
     * @param policy the policy
     * @return the resilient embedder
     */
    public static Embedder wrap(Embedder embedder, ResiliencePolicy policy) {
        return new ResilientEmbedder(Objects.requireNonNull(embedder, "embedder"),
                "embedder:" + embedder.getClass().getName(), Objects.requireNonNull(policy, "policy"));
    }
}
