package com.example.acme;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.Option;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.spi.MemoryProvider;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
        MANGLED_SUPPLEMENTARY,
        /** recent() and get() give each entry the expiry its own append set, not the session's current one. */
        STALE_EXPIRY,
        /** A retried append returns the stored entry without sliding the session's TTL. */
        DUPLICATE_KEEPS_TTL,
        /** The sequence is the client's clock in milliseconds. */
        CLOCK_SEQUENCE,
        /** Each session counts from 1 again after clear() (and after it expired). */
        CLEAR_RESETS_SEQUENCES,
        /** createdAt of every other entry is a second early. */
        CREATED_AT_BACKWARDS,
        /** Importance comes back rounded to one decimal. */
        ROUNDED_IMPORTANCE,
        /** appendAll stores every entry again under a new id, even one already stored; append is right. */
        APPEND_ALL_DUPLICATES
    }

    /** Which defect the store has. */
    static final Option<Defect> DEFECT = Option.enumeration("acme.defect", Defect.class, Defect.DUPLICATE_APPEND,
            "Which defect the store has.");

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
    public List<Option<?>> options() {
        return List.of(DEFECT, MemoryOptions.SHORT_TERM_TTL, MemoryOptions.SHORT_TERM_MAX_ENTRIES);
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.SHORT_TERM);
    }

    @Override
    public ShortTermMemory openShortTerm(String uri, MemoryOptions options) {
        Defect defect = options.get(DEFECT);
        MemoryOptions effective = defect == Defect.NO_TRIM ? options.with(MemoryOptions.SHORT_TERM_MAX_ENTRIES, 100_000) : options;
        ShortTermMemory correct = new AcmeProvider().openShortTerm(uri, effective);
        if (defect == Defect.LEAKED_THREAD) {
            Thread leaked = new Thread(() -> sleep(Duration.ofSeconds(30)), "acme-broken-leaked");
            leaked.setDaemon(true);
            leaked.start();
        }
        return new Broken(correct, defect,
                effective.get(MemoryOptions.SHORT_TERM_TTL));
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
        private final Duration ttl;
        private final AtomicLong appends = new AtomicLong();
        /** CLOCK_SEQUENCE: the clock reading of each appended entry, by session and id. */
        private final Map<String, Long> clockSequences = new ConcurrentHashMap<>();
        /** CLEAR_RESETS_SEQUENCES: what each session's count starts after. */
        private final Map<SessionRef, Long> sequenceBases = new ConcurrentHashMap<>();

        Broken(ShortTermMemory delegate, Defect defect, Duration ttl) {
            this.delegate = delegate;
            this.defect = defect;
            this.ttl = ttl;
        }

        /** The entry as this provider's defect shows it. */
        private MemoryEntry shown(SessionRef session, MemoryEntry e, boolean read) {
            long sequence = e.sequence();
            Instant createdAt = e.createdAt();
            Instant expiresAt = e.expiresAt();
            double importance = e.importance();
            switch (defect) {
                case STALE_EXPIRY -> expiresAt = read ? e.createdAt().plus(ttl) : expiresAt;
                case CLOCK_SEQUENCE -> sequence = clockSequences.getOrDefault(session + "/" + e.id(), sequence);
                case CLEAR_RESETS_SEQUENCES -> sequence -= sequenceBases.getOrDefault(session, 0L);
                case CREATED_AT_BACKWARDS -> createdAt = sequence % 2 == 0 ? createdAt.minusSeconds(1) : createdAt;
                case ROUNDED_IMPORTANCE -> importance = Math.round(importance * 10) / 10.0;
                default -> {
                }
            }
            return e.toBuilder().sequence(sequence).importance(importance).createdAt(createdAt).expiresAt(expiresAt)
                    .build();
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
            if (defect == Defect.DUPLICATE_KEEPS_TTL) {
                Optional<MemoryEntry> stored = delegate.get(session, entry.id());
                if (stored.isPresent()) {
                    return stored.get();
                }
            }
            boolean empty = delegate.size(session) == 0;
            MemoryEntry appended = delegate.append(map(session), e);
            if (defect == Defect.CLOCK_SEQUENCE) {
                clockSequences.putIfAbsent(session + "/" + appended.id(), System.currentTimeMillis());
            }
            if (empty) {
                sequenceBases.put(session, appended.sequence() - 1);
            }
            return shown(session, appended, false);
        }

        @Override
        public List<MemoryEntry> appendAll(SessionRef session, List<NewEntry> entries) {
            if (defect != Defect.APPEND_ALL_DUPLICATES) {
                return ShortTermMemory.super.appendAll(session, entries);
            }
            return entries.stream().map(entry -> append(session, entry.withId(entry.id() + "." + appends.incrementAndGet())))
                    .toList();
        }

        private static String mangle(String text) {
            return text.replaceAll("[\\x{10000}-\\x{10FFFF}]", "?");
        }

        @Override
        public List<MemoryEntry> recent(SessionRef session, int limit) {
            return delegate.recent(map(session), limit).stream().map(e -> shown(session, e, true)).toList();
        }

        @Override
        public Optional<MemoryEntry> get(SessionRef session, String entryId) {
            return delegate.get(map(session), entryId).map(e -> shown(session, e, true));
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
