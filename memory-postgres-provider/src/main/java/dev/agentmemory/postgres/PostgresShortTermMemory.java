package dev.agentmemory.postgres;

import static org.jooq.impl.DSL.excluded;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * {@link ShortTermMemory} on PostgreSQL. A session is a row of {@code short_term_sessions} holding its sliding
 * expiry; its entries are rows of {@code short_term_entries}, ordered by a server sequence and keyed by
 * (tenant, agent, session, entry id), so a retried append stores nothing twice.
 *
 * <p>An append runs in one transaction that locks the session row first, so appends to one session are
 * serialised and their sequence numbers follow commit order. Expired sessions are never read (every read
 * joins the session row and checks its expiry); their rows are removed when the session is appended to again
 * and, a few at a time, by later appends.
 *
 * <p>Thread-safe.
 */
final class PostgresShortTermMemory implements ShortTermMemory {

    private static final System.Logger LOG = System.getLogger(PostgresShortTermMemory.class.getName());
    /** Every this many appends, one append also removes a batch of expired sessions. */
    private static final int PURGE_EVERY = 256;
    private static final int PURGE_BATCH = 100;

    private final PostgresDatabase database;
    private final MemorySchema schema;
    private final Duration ttl;
    private final int maxEntries;
    private final AtomicLong appends = new AtomicLong();

    PostgresShortTermMemory(PostgresDatabase database) {
        this.database = database;
        this.schema = database.schema();
        this.ttl = database.settings().shortTermTtl();
        this.maxEntries = database.settings().shortTermMaxEntries();
    }

    void connectNow() {
        database.connectNow();
    }

    @Override
    public MemoryEntry append(SessionRef session, NewEntry entry) {
        return appendInOrder("append", session, List.of(entry)).get(0);
    }

    /** One transaction of a few statements for the whole list (see {@link #appendBatch}); a failure rolls it all back. */
    @Override
    public List<MemoryEntry> appendAll(SessionRef session, List<NewEntry> entries) {
        return appendInOrder("appendAll", session, entries);
    }

    private List<MemoryEntry> appendInOrder(String operation, SessionRef session, List<NewEntry> entries) {
        List<MemoryEntry> stored = database.transaction(operation, tx -> entries.size() == 1
                ? List.of(appendIn(tx, session, entries.get(0))) : appendBatch(tx, session, entries));
        long after = appends.addAndGet(entries.size());
        if (after / PURGE_EVERY != (after - entries.size()) / PURGE_EVERY) {
            purgeExpired();
        }
        return List.copyOf(stored);
    }

    /** One append inside the caller's transaction; the first locks the session row until the commit. */
    private MemoryEntry appendIn(DSLContext tx, SessionRef session, NewEntry entry) {
        Condition key = sessionKey(session);
        Record current = tx.select(schema.sExpiresAt, DSL.field(schema.sExpiresAt.le(DSL.currentInstant())))
                .from(schema.sessions).where(key).forUpdate().fetchOne();
        Boolean expired = current == null ? null : current.get(1, Boolean.class);
        if (Boolean.FALSE.equals(expired)) {
            Record existing = tx.select(entryFields()).from(schema.entries)
                    .where(entryKey(session), schema.eId.eq(entry.id())).fetchOne();
            if (existing != null) {
                // A retried append stores nothing but, like every append, slides the session's TTL.
                Instant slid = tx.update(schema.sessions).set(schema.sExpiresAt, expiryFromNow(ttl)).where(key)
                        .returningResult(schema.sExpiresAt).fetchSingle().value1();
                return toEntry(existing, slid);
            }
        }
        if (Boolean.TRUE.equals(expired)) {
            // The session expired: it starts again empty.
            tx.deleteFrom(schema.entries).where(entryKey(session)).execute();
        }
        Instant expiresAt = upsertSession(tx, session);
        Record inserted = tx.insertInto(schema.entries, schema.eTenant, schema.eAgent, schema.eSession, schema.eId,
                        schema.eRole, schema.eContent, schema.eMetadata, schema.eImportance, schema.eCreatedAt)
                .values(DSL.val(session.scope().tenant()), DSL.val(session.scope().agent()),
                        DSL.val(session.session()), DSL.val(entry.id()), DSL.val(entry.role()),
                        DSL.val(entry.content()), DSL.val(MetadataJson.toJson(entry.metadata())),
                        DSL.val(entry.importance()), createdAtInOrder(session))
                .onConflictDoNothing()
                .returning(entryFields())
                .fetchOne();
        Record row = inserted != null ? inserted
                : tx.select(entryFields()).from(schema.entries).where(entryKey(session), schema.eId.eq(entry.id()))
                .fetchSingle();
        trim(tx, session);
        return toEntry(row, expiresAt);
    }

    /** Creates the session row or slides its expiry; locks it until the commit. @return the new expiry */
    private Instant upsertSession(DSLContext tx, SessionRef session) {
        return tx.insertInto(schema.sessions, schema.sTenant, schema.sAgent, schema.sSession, schema.sExpiresAt)
                .values(DSL.val(session.scope().tenant()), DSL.val(session.scope().agent()),
                        DSL.val(session.session()), expiryFromNow(ttl))
                .onConflict(schema.sTenant, schema.sAgent, schema.sSession).doUpdate()
                .set(schema.sExpiresAt, excluded(schema.sExpiresAt))
                .returningResult(schema.sExpiresAt)
                .fetchSingle().value1();
    }

    /** Keeps the newest maxEntries entries of the session. */
    private void trim(DSLContext tx, SessionRef session) {
        tx.deleteFrom(schema.entries)
                .where(entryKey(session), schema.eSeq.le(
                        DSL.select(schema.eSeq).from(schema.entries).where(entryKey(session))
                                .orderBy(schema.eSeq.desc()).offset(maxEntries).limit(1).asField()))
                .execute();
    }

    /**
     * appendAll in a few statements whatever the number of entries: the session's ids are read once, what separate
     * appends would do (which ids are stored already, which are new, which a new one trims before a later entry
     * names it again) is worked out here, and the new entries go in with one multi-row INSERT. The session row is
     * locked first, so no other append of the session runs in between; the sequence numbers are drawn together
     * and handed out in list order; every new entry gets one createdAt, not earlier than the session's newest.
     */
    private List<MemoryEntry> appendBatch(DSLContext tx, SessionRef session, List<NewEntry> entries) {
        Record current = tx.select(schema.sExpiresAt, DSL.field(schema.sExpiresAt.le(DSL.currentInstant())))
                .from(schema.sessions).where(sessionKey(session)).forUpdate().fetchOne();
        if (current != null && Boolean.TRUE.equals(current.get(1, Boolean.class))) {
            // The session expired: it starts again empty.
            tx.deleteFrom(schema.entries).where(entryKey(session)).execute();
        }
        Instant expiresAt = upsertSession(tx, session);
        ArrayDeque<String> held = new ArrayDeque<>(tx.select(schema.eId).from(schema.entries)
                .where(entryKey(session)).orderBy(schema.eSeq).fetch(schema.eId));
        Set<String> live = new HashSet<>(held);
        Map<String, Record> before = new HashMap<>();
        for (Record r : tx.select(entryFields()).from(schema.entries)
                .where(entryKey(session), schema.eId.in(entries.stream().map(NewEntry::id).toList())).fetch()) {
            before.put(r.get(schema.eId), r);
        }
        List<NewEntry> added = new ArrayList<>();
        Set<String> storedAgain = new HashSet<>();
        for (NewEntry entry : entries) {
            if (live.contains(entry.id())) {
                continue;
            }
            added.add(entry);
            if (before.containsKey(entry.id())) {
                storedAgain.add(entry.id());
            }
            held.addLast(entry.id());
            live.add(entry.id());
            while (held.size() > maxEntries) {
                live.remove(held.removeFirst());
            }
        }
        Map<String, MemoryEntry> appended = new HashMap<>();
        if (!added.isEmpty()) {
            org.jooq.Result<org.jooq.Record2<Long, Instant>> drawn = tx.select(
                            DSL.sequence(DSL.name(schema.schema, "short_term_order"), SQLDataType.BIGINT).nextval(),
                            createdAtInOrder(session))
                    .from(DSL.generateSeries(1, added.size())).fetch();
            List<Long> sequences = drawn.getValues(0, Long.class).stream().sorted().toList();
            Instant createdAt = drawn.getValues(1, Instant.class).stream().max(Instant::compareTo).orElseThrow();
            if (!storedAgain.isEmpty()) {
                // Trimmed by an earlier entry of this call: as with separate appends, stored again as new.
                tx.deleteFrom(schema.entries).where(entryKey(session), schema.eId.in(storedAgain)).execute();
            }
            List<Field<?>> columns = List.of(schema.eTenant, schema.eAgent, schema.eSession, schema.eId, schema.eSeq,
                    schema.eRole, schema.eContent, schema.eMetadata, schema.eImportance, schema.eCreatedAt);
            org.jooq.InsertValuesStepN<Record> insert = tx.insertInto(schema.entries, columns);
            for (int i = 0; i < added.size(); i++) {
                NewEntry e = added.get(i);
                insert = insert.values(DSL.val(session.scope().tenant()), DSL.val(session.scope().agent()),
                        DSL.val(session.session()), DSL.val(e.id()), DSL.val(sequences.get(i)), DSL.val(e.role()),
                        DSL.val(e.content()), DSL.val(MetadataJson.toJson(e.metadata())), DSL.val(e.importance()),
                        DSL.val(createdAt));
                appended.put(e.id(), MemoryEntry.builder(e).sequence(sequences.get(i)).createdAt(createdAt)
                        .expiresAt(expiresAt).build());
            }
            insert.execute();
            trim(tx, session);
        }
        List<MemoryEntry> out = new ArrayList<>(entries.size());
        for (NewEntry entry : entries) {
            MemoryEntry added1 = appended.get(entry.id());
            out.add(added1 != null ? added1 : toEntry(before.get(entry.id()), expiresAt));
        }
        return out;
    }

    @Override
    public List<MemoryEntry> recent(SessionRef session, int limit) {
        return database.call("recent", c -> {
            List<MemoryEntry> newestFirst = new ArrayList<>();
            for (Record r : live(c, session).orderBy(schema.eSeq.desc()).limit(limit).fetch()) {
                newestFirst.add(toEntry(r, r.get(schema.sExpiresAt)));
            }
            Collections.reverse(newestFirst);
            return newestFirst;
        });
    }

    @Override
    public Optional<MemoryEntry> get(SessionRef session, String entryId) {
        return database.call("get", c -> live(c, session).and(schema.eId.eq(entryId))
                .fetchOptional(r -> toEntry(r, r.get(schema.sExpiresAt))));
    }

    @Override
    public long size(SessionRef session) {
        return database.call("size", c -> c.selectCount().from(schema.entries).join(schema.sessions).on(joinOn())
                .where(entryKey(session), schema.sExpiresAt.gt(DSL.currentInstant()))
                .fetchSingle().value1().longValue());
    }

    @Override
    public boolean expire(SessionRef session, Duration ttl) {
        return database.call("expire", c -> c.update(schema.sessions)
                .set(schema.sExpiresAt, expiryFromNow(ttl))
                .where(sessionKey(session), schema.sExpiresAt.gt(DSL.currentInstant()))
                .execute() > 0);
    }

    @Override
    public void clear(SessionRef session) {
        // One statement: the entries go with their session row (ON DELETE CASCADE).
        database.call("clear", c -> c.deleteFrom(schema.sessions).where(sessionKey(session)).execute());
    }

    @Override
    public Health health() {
        return database.health(Map.of("store", "short-term", "maxEntries", Integer.toString(maxEntries),
                "ttl", ttl.toString()));
    }

    @Override
    public void close() {
        database.close();
    }

    private void purgeExpired() {
        try {
            int removed = database.call("append", c -> c.deleteFrom(schema.sessions)
                    .where(DSL.row(schema.sTenant, schema.sAgent, schema.sSession).in(
                            DSL.select(schema.sTenant, schema.sAgent, schema.sSession).from(schema.sessions)
                                    .where(schema.sExpiresAt.le(DSL.currentInstant())).limit(PURGE_BATCH)))
                    .execute());
            if (removed > 0) {
                LOG.log(Level.DEBUG, "removed {0} expired short-term sessions from schema {1}", removed, schema.schema);
            }
        } catch (RuntimeException e) {
            // Housekeeping only: the append itself has committed, and expired rows are never read anyway.
            LOG.log(Level.DEBUG, "purging expired sessions failed: {0}", e.getMessage());
        }
    }

    private org.jooq.SelectConditionStep<Record> live(DSLContext c, SessionRef session) {
        List<SelectField<?>> fields = new ArrayList<>(entryFields());
        fields.add(schema.sExpiresAt);
        return c.select(fields).from(schema.entries).join(schema.sessions).on(joinOn())
                .where(entryKey(session), schema.sExpiresAt.gt(DSL.currentInstant()));
    }

    /**
     * The createdAt of an entry appended now: the server's clock when the statement runs, not when the transaction
     * began, because the transaction may have waited for the session's lock behind appends that get smaller
     * sequences; and never earlier than the session's newest entry, should the server's clock step back.
     */
    private Field<Instant> createdAtInOrder(SessionRef session) {
        Field<Instant> newest = DSL.select(schema.eCreatedAt).from(schema.entries).where(entryKey(session))
                .orderBy(schema.eSeq.desc()).limit(1).asField();
        // jOOQ has clock_timestamp() only as plain SQL; greatest() ignores the NULL of an empty session.
        return DSL.greatest(DSL.field("clock_timestamp()", SQLDataType.INSTANT), newest);
    }

    /** {@code current_timestamp + ttl}, on the server's clock, with the TTL bound in seconds. */
    private static Field<Instant> expiryFromNow(Duration ttl) {
        double seconds = ttl.getSeconds() + ttl.getNano() / 1e9;
        // jOOQ has no DSL for adding an interval built from a bound number of seconds.
        return DSL.field("{0} + make_interval(secs => {1})", SQLDataType.INSTANT, DSL.currentInstant(),
                DSL.val(seconds));
    }

    private Condition sessionKey(SessionRef s) {
        return schema.sTenant.eq(s.scope().tenant()).and(schema.sAgent.eq(s.scope().agent()))
                .and(schema.sSession.eq(s.session()));
    }

    private Condition entryKey(SessionRef s) {
        return schema.eTenant.eq(s.scope().tenant()).and(schema.eAgent.eq(s.scope().agent()))
                .and(schema.eSession.eq(s.session()));
    }

    private Condition joinOn() {
        return schema.sTenant.eq(schema.eTenant).and(schema.sAgent.eq(schema.eAgent))
                .and(schema.sSession.eq(schema.eSession));
    }

    private List<SelectField<?>> entryFields() {
        return List.of(schema.eId, schema.eSeq, schema.eRole, schema.eContent, schema.eMetadata, schema.eImportance,
                schema.eCreatedAt);
    }

    private MemoryEntry toEntry(Record r, Instant expiresAt) {
        return MemoryEntry.builder().id(r.get(schema.eId)).sequence(r.get(schema.eSeq)).role(r.get(schema.eRole))
                .content(r.get(schema.eContent)).metadata(MetadataJson.fromJson(r.get(schema.eMetadata)))
                .importance(r.get(schema.eImportance)).createdAt(r.get(schema.eCreatedAt)).expiresAt(expiresAt).build();
    }

    @Override
    public String toString() {
        return "PostgresShortTermMemory{" + database.address() + ", schema=" + schema.schema + "}";
    }
}
