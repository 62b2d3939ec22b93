package dev.agentmemory.resilience.internal;

import dev.agentmemory.Health;
import dev.agentmemory.InvalidMemoryRequestException;
import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.resilience.ResiliencePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A short-term store behind a {@link ResiliencePolicy}. In {@code BUFFER_WRITES} mode an append that cannot reach the
 * backend is acknowledged with an entry of sequence {@link MemoryEntry#PENDING_SEQUENCE} and replayed later.
 * Thread-safe.
 */
public final class ResilientShortTermMemory implements ShortTermMemory {

    private final ShortTermMemory store;
    private final String backend;
    private final Duration ttl;
    private final StoreCore core;

    /**
     * @param store the store to wrap; closed by {@link #close()}
     * @param backend the backend address, without credentials
     * @param policy the policy
     * @param ttl the session TTL, for the expiry of acknowledged buffered entries
     */
    public ResilientShortTermMemory(ShortTermMemory store, String backend, ResiliencePolicy policy, Duration ttl) {
        this(store, backend, policy, ttl, System::nanoTime);
    }

    /** As above, with the time source of the resilience log (its durations and rate limit): tests give their own. */
    ResilientShortTermMemory(ShortTermMemory store, String backend, ResiliencePolicy policy, Duration ttl,
                             LongSupplier ticker) {
        this.store = store;
        this.backend = backend;
        this.ttl = ttl;
        this.core = new StoreCore(backend, policy, ticker, new WriteBuffer.BatchWriter("appendAll",
                (key, items) -> store.appendAll((SessionRef) key, items.stream().map(NewEntry.class::cast).toList())));
    }

    @Override
    public MemoryEntry append(SessionRef session, NewEntry entry) {
        return core.observed("append", call -> core.bufferable(call, session, () -> store.append(session, entry),
                () -> buffered(session, entry), () -> acknowledged(entry)));
    }

    /**
     * Appends the entries in one call: one round trip for the retries, the attempt timeout, the circuit and the
     * bulkhead, and in {@code BUFFER_WRITES} mode one buffered write, replayed with {@code appendAll} (so order and
     * idempotence by id are those of the wrapped store's {@code appendAll}).
     */
    @Override
    public List<MemoryEntry> appendAll(SessionRef session, List<NewEntry> entries) {
        return core.observed("appendAll", call -> appendAll(call, session, entries));
    }

    private List<MemoryEntry> appendAll(ObservedCall call, SessionRef session, List<NewEntry> entries) {
        core.checkOpen("appendAll");
        if (entries == null || entries.stream().anyMatch(Objects::isNull)) {
            // List.contains(null) itself throws for immutable lists.
            throw new InvalidMemoryRequestException(backend, "appendAll", "entries: null, or a null entry in it");
        }
        List<NewEntry> copy = List.copyOf(entries);
        if (copy.isEmpty() || copy.size() > MemoryDefaults.MAX_APPEND_BATCH) {
            throw new InvalidMemoryRequestException(backend, "appendAll", "entries: " + copy.size()
                    + " given; 1 to " + MemoryDefaults.MAX_APPEND_BATCH + " allowed");
        }
        return core.bufferable(call, session, () -> store.appendAll(session, copy),
                () -> buffered(session, copy, "appendAll", () -> store.appendAll(session, copy)),
                () -> copy.stream().map(this::acknowledged).toList());
    }

    private BufferedWrite buffered(SessionRef session, NewEntry entry) {
        return buffered(session, List.of(entry), "append", () -> store.append(session, entry));
    }

    private static BufferedWrite buffered(SessionRef session, List<NewEntry> entries, String operation,
                                          Runnable write) {
        List<String> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>(List.of(session.session()));
        for (NewEntry entry : entries) {
            ids.add(entry.id());
            texts.addAll(List.of(entry.id(), entry.role(), entry.content()));
            for (Map.Entry<String, String> m : entry.metadata().entrySet()) {
                texts.add(m.getKey());
                texts.add(m.getValue());
            }
        }
        return new BufferedWrite(session, ids, operation, BufferedWrite.estimate(128 * entries.size(), texts), write,
                entries);
    }

    private MemoryEntry acknowledged(NewEntry entry) {
        Instant now = Instant.now();
        return MemoryEntry.builder(entry).sequence(MemoryEntry.PENDING_SEQUENCE).createdAt(now).expiresAt(now.plus(ttl))
                .build();
    }

    @Override
    public List<MemoryEntry> recent(SessionRef session, int limit) {
        return core.observed("recent", call -> core.read(call, () -> store.recent(session, limit), List.of()));
    }

    @Override
    public Optional<MemoryEntry> get(SessionRef session, String entryId) {
        return core.observed("get", call -> core.read(call, () -> store.get(session, entryId), Optional.empty()));
    }

    @Override
    public long size(SessionRef session) {
        return core.observed("size", call -> core.read(call, () -> store.size(session), 0L));
    }

    @Override
    public boolean expire(SessionRef session, Duration ttl) {
        return core.observed("expire", call -> core.write(call, session, () -> store.expire(session, ttl)));
    }

    @Override
    public void clear(SessionRef session) {
        core.observed("clear", call -> core.write(call, session, () -> {
            store.clear(session);
            return null;
        }));
    }

    @Override
    public Health health() {
        return core.health(store::health);
    }

    /**
     * Flushes buffered appends (within {@code resilience.buffer.flush-timeout}), closes the wrapped store and stops
     * every thread. Idempotent.
     *
     * @throws dev.agentmemory.MemoryUnavailableException after closing, if acknowledged appends could not be written;
     *         the message lists their ids
     */
    @Override
    public void close() {
        core.close(store::close);
    }

    @Override
    public String toString() {
        return "resilient(" + backend + ")";
    }
}
