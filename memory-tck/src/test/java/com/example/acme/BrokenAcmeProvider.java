package com.example.acme;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.spi.MemoryProvider;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The guide's provider with one defect, chosen by the option {@code acme.defect}: the TCK's own tests run the suites
 * against it to prove that each suite notices.
 */
public final class BrokenAcmeProvider implements MemoryProvider {

    /** The defects. */
    enum Defect {
        /** A retried append stores the entry again. */
        DUPLICATE_APPEND,
        /** Sessions of every tenant and agent share one namespace. */
        SHARED_SESSIONS,
        /** Sessions are never trimmed. */
        NO_TRIM,
        /** Every store starts a thread that close() does not stop. */
        LEAKED_THREAD,
        /**
         * Characters outside the BMP come back as {@code ?}, as from a backend that encodes text without surrogate
         * pairs: what the API's rejection of unpaired surrogates does not prevent, and the TCK must still catch.
         */
        MANGLED_SUPPLEMENTARY
    }

    /** Called by ServiceLoader. */
    public BrokenAcmeProvider() {
    }

    @Override
    public String name() {
        return "acme-broken";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("acme-broken");
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.SHORT_TERM);
    }

    @Override
    public ShortTermMemory openShortTerm(String uri, MemoryOptions options) {
        Defect defect = options.getEnum("acme.defect", Defect.class, Defect.DUPLICATE_APPEND);
        MemoryOptions effective = defect == Defect.NO_TRIM ? options.with(MemoryOptions.SHORT_TERM_MAX_ENTRIES, "100000") : options;
        ShortTermMemory correct = new AcmeProvider().openShortTerm(uri, effective);
        if (defect == Defect.LEAKED_THREAD) {
            Thread leaked = new Thread(() -> sleep(Duration.ofSeconds(30)), "acme-broken-leaked");
            leaked.setDaemon(true);
            leaked.start();
        }
        return new Broken(correct, defect);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Broken implements ShortTermMemory {
        private final ShortTermMemory delegate;
        private final Defect defect;
        private final AtomicLong appends = new AtomicLong();

        Broken(ShortTermMemory delegate, Defect defect) {
            this.delegate = delegate;
            this.defect = defect;
        }

        private SessionRef map(SessionRef ref) {
            return defect == Defect.SHARED_SESSIONS ? SessionRef.of("shared", "shared", ref.session()) : ref;
        }

        @Override
        public MemoryEntry append(SessionRef session, NewEntry entry) {
            NewEntry e = defect == Defect.DUPLICATE_APPEND ? entry.withId(entry.id() + "." + appends.incrementAndGet()) : entry;
            if (defect == Defect.MANGLED_SUPPLEMENTARY) {
                Map<String, String> metadata = new LinkedHashMap<>();
                e.metadata().forEach((k, v) -> metadata.put(mangle(k), mangle(v)));
                e = new NewEntry(e.id(), e.role(), mangle(e.content()), metadata, e.importance());
            }
            return delegate.append(map(session), e);
        }

        private static String mangle(String text) {
            return text.replaceAll("[\\x{10000}-\\x{10FFFF}]", "?");
        }

        @Override
        public List<MemoryEntry> recent(SessionRef session, int limit) {
            return delegate.recent(map(session), limit);
        }

        @Override
        public Optional<MemoryEntry> get(SessionRef session, String entryId) {
            return delegate.get(map(session), entryId);
        }

        @Override
        public long size(SessionRef session) {
            return delegate.size(map(session));
        }

        @Override
        public boolean expire(SessionRef session, Duration ttl) {
            return delegate.expire(map(session), ttl);
        }

        @Override
        public void clear(SessionRef session) {
            delegate.clear(map(session));
        }

        @Override
        public Health health() {
            return delegate.health();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
