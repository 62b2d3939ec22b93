package dev.agentmemory.tck;

import dev.agentmemory.faultproxy.FaultProxy;
import dev.agentmemory.Health;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryType;
import dev.agentmemory.NewEntry;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.tck.TckBase.Opened;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One store of either kind, reduced to what the connection, retry and cleanup contracts need: an idempotent write
 * by id, a count of how often an id is stored, a read, and every operation (for the closed-store check).
 */
abstract class Probe {

    final Opened<?> opened;

    private Probe(Opened<?> opened) {
        this.opened = opened;
    }

    static Probe of(Opened<ShortTermMemory> opened, SessionRef session) {
        return new ShortTermProbe(opened, session);
    }

    static Probe of(Opened<LongTermMemory> opened, Scope scope) {
        return new LongTermProbe(opened, scope);
    }

    final FaultProxy proxy() {
        return opened.requireProxy();
    }

    final String clientName() {
        return opened.clientName();
    }

    /** Writes (appends or stores) the item with this id; writing the same id again must store nothing new. */
    abstract void write(String id);

    /** How many items with this id the store holds. */
    abstract long count(String id);

    /** A read that needs the server. */
    abstract void read();

    abstract Health health();

    abstract void close();

    /** Every operation of the store's interface, with valid arguments, each named. */
    abstract Map<String, Runnable> everyOperation();

    private static final class ShortTermProbe extends Probe {
        private final ShortTermMemory store;
        private final SessionRef session;

        ShortTermProbe(Opened<ShortTermMemory> opened, SessionRef session) {
            super(opened);
            this.store = opened.store();
            this.session = session;
        }

        @Override
        void write(String id) {
            store.append(session, new NewEntry(id, "user", "probe " + id, Map.of(), 0.5));
        }

        @Override
        long count(String id) {
            return store.recent(session, 1000).stream().filter(e -> e.id().equals(id)).count();
        }

        @Override
        void read() {
            store.size(session);
        }

        @Override
        Health health() {
            return store.health();
        }

        @Override
        void close() {
            store.close();
        }

        @Override
        Map<String, Runnable> everyOperation() {
            return Map.of(
                    "append", () -> store.append(session, NewEntry.of("user", "after close")),
                    "recent", () -> store.recent(session, 10),
                    "get", () -> store.get(session, "entry-1"),
                    "size", () -> store.size(session),
                    "expire", () -> store.expire(session, Duration.ofMinutes(1)),
                    "clear", () -> store.clear(session),
                    "health", store::health);
        }
    }

    private static final class LongTermProbe extends Probe {
        private final LongTermMemory store;
        private final Scope scope;

        LongTermProbe(Opened<LongTermMemory> opened, Scope scope) {
            super(opened);
            this.store = opened.store();
            this.scope = scope;
        }

        @Override
        void write(String id) {
            store.store(scope, memory(id));
        }

        private static NewMemory memory(String id) {
            return NewMemory.builder("probe " + id).id(id).type(MemoryType.EPISODIC).build();
        }

        @Override
        long count(String id) {
            return store.list(scope, 100).stream().filter(m -> m.id().equals(id)).count();
        }

        @Override
        void read() {
            store.list(scope, 1);
        }

        @Override
        Health health() {
            return store.health();
        }

        @Override
        void close() {
            store.close();
        }

        @Override
        Map<String, Runnable> everyOperation() {
            NewMemory m = memory("memory-1");
            return Map.of(
                    "store", () -> store.store(scope, m),
                    "storeAll", () -> store.storeAll(scope, List.of(m)),
                    "get", () -> store.get(scope, "memory-1"),
                    "list", () -> store.list(scope, 10),
                    "search", () -> store.search(scope, MemoryQuery.text("after close").build()),
                    "updateImportance", () -> store.updateImportance(scope, "memory-1", 0.9),
                    "delete", () -> store.delete(scope, "memory-1"),
                    "health", store::health);
        }
    }
}
