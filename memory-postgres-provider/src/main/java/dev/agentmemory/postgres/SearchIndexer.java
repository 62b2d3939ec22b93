package dev.agentmemory.postgres;

import dev.agentmemory.MemoryClosedException;
import dev.agentmemory.postgres.internal.VectorCodec;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record4;
import org.jooq.Result;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * Fills a schema's search columns (cube, vector) for the memories that have none yet, in the background,
 * so that no caller's call ever waits for index maintenance: a store that switches an existing schema to an index
 * mode adds the (empty) column on open and returns; this fills it in batches of at most {@value #BATCH} rows, each its
 * own short transaction, on one daemon thread of the store's own, which {@link #close()} stops.
 *
 * <p>Searches stay correct while it works: {@link SimilaritySearch} reads the rows whose column is still empty
 * exactly, beside the index's candidates. Several stores on one schema may fill the same column at once: each batch
 * locks its rows ({@code FOR UPDATE SKIP LOCKED}), so they share the work and never wait for one another.
 *
 * <p>A batch that fails (server down, timeout) is retried, half as large, after a pause that doubles up to
 * {@value #MAX_PAUSE_SECONDS} s; {@link #state()} says so. Rows locked by another transaction are skipped and tried
 * again a second later. Thread-safe.
 */
final class SearchIndexer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SearchIndexer.class.getName());
    /** Rows filled per transaction: small enough for any statement timeout, large enough to amortise a round trip. */
    static final int BATCH = 500;
    /** Smallest batch, after batches that did not fit in the statement timeout were halved. */
    static final int MIN_BATCH = 10;
    static final int MAX_PAUSE_SECONDS = 30;

    /**
     * One column to fill: its field and how to compute its value from a vector.
     *
     * @param name the column, for logs
     * @param column the column
     * @param value the value of a vector
     */
    record Column(String name, Field<Object> column, Function<float[], Field<Object>> value) {
    }

    private final PostgresDatabase database;
    private final MemorySchema schema;
    private final ScheduledExecutorService executor;
    /** The executor's thread, once it has made one (it makes at most one at a time). */
    private volatile @Nullable Thread worker;
    private volatile String state = "ready";
    private volatile long pending;
    private volatile long filled;
    /** Only the indexer's thread uses it. */
    private int batch = BATCH;

    SearchIndexer(PostgresDatabase database, String threadName) {
        this.database = database;
        this.schema = database.schema();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            worker = t;
            return t;
        });
    }

    /**
     * Starts filling the columns' empty rows, unless none is empty.
     *
     * @param columns the schema's search columns
     * @param pendingNow how many rows have an empty column now (from the setup's count)
     */
    void start(List<Column> columns, long pendingNow) {
        if (columns.isEmpty() || pendingNow == 0) {
            return;
        }
        pending = pendingNow;
        state = "building";
        submit(() -> fill(columns, 1), 0);
    }

    /**
     * Analyzes the schema's memory tables once, in the background, if they have never been analyzed: right after a
     * schema is made and loaded, before autovacuum gets to it (a minute or more), the planner takes a scope for a row or
     * two and reads a search's candidates by scanning the scope ({@link SimilaritySearch}). Without the owner's rights
     * the server skips the tables with a warning; a failure is logged and left to autovacuum.
     */
    void analyzeIfNeverAnalyzed() {
        submit(() -> {
            try {
                database.call("analyze", c -> {
                    Float tuples = c.select(DSL.field("reltuples", Float.class)).from("pg_class")
                            .where(DSL.field("oid").eq(DSL.field("to_regclass({0})", Object.class,
                                    DSL.val(schema.memories.getQualifiedName().quotedName().toString()))))
                            .fetchOne(0, Float.class);
                    if (tuples != null && tuples < 0) {
                        c.execute("ANALYZE {0}, {1}", schema.memories, schema.signatures);
                        LOG.log(Level.DEBUG, "analyzed the never-analyzed memory tables of schema {0}", schema.schema);
                    }
                    return null;
                });
            } catch (MemoryClosedException e) {
                // close() ran.
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "analyzing the memory tables of schema {0} failed: {1}", schema.schema,
                        e.getMessage());
            }
        }, 0);
    }

    /** @return {@code ready}, or {@code building} with the progress, and the last failure while it retries */
    String state() {
        String s = state;
        return s.startsWith("building") ? s + " " + filled + "/" + pending : s;
    }

    private void fill(List<Column> columns, int pauseSeconds) {
        try {
            long remaining = 0;
            for (Column column : columns) {
                while (!Thread.currentThread().isInterrupted() && fillBatch(column) > 0) {
                    pauseSeconds = 1;
                }
                // Rows another transaction holds (being written, or filled by another store) were skipped.
                remaining += database.call("index", c -> c.fetchCount(schema.memories, column.column().isNull()));
            }
            if (remaining > 0) {
                pending = filled + remaining;
                submit(() -> fill(columns, 1), 1);
                return;
            }
            state = "ready";
            LOG.log(Level.INFO, "search columns of schema {0} at {1} filled ({2} rows)", schema.schema,
                    database.address(), filled);
        } catch (MemoryClosedException e) {
            // close() ran: nothing left to do.
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            // A batch that did not fit in the statement timeout is tried again smaller.
            batch = Math.max(MIN_BATCH, batch / 2);
            state = "building (retrying in " + pauseSeconds + " s after: " + e.getMessage() + ")";
            LOG.log(Level.WARNING, "filling the search columns of schema {0} at {1} failed; retrying in {2} s with "
                    + "batches of {3}: {4}", schema.schema, database.address(), pauseSeconds, batch, e.getMessage());
            int next = Math.min(MAX_PAUSE_SECONDS, pauseSeconds * 2);
            submit(() -> fill(columns, next), pauseSeconds);
        }
    }

    /** Fills one batch of empty rows in one transaction; @return how many */
    private int fillBatch(Column column) {
        int n = database.transaction("index", tx -> {
            Result<Record4<String, String, String, byte[]>> rows = tx
                    .select(schema.mTenant, schema.mAgent, schema.mId, schema.mEmbedding)
                    .from(schema.memories).where(column.column().isNull())
                    .limit(batch).forUpdate().skipLocked().fetch();
            List<Query> updates = new ArrayList<>(rows.size());
            for (var r : rows) {
                updates.add(tx.update(schema.memories)
                        .set(Map.of(column.column(), column.value().apply(VectorCodec.decode(r.value4()))))
                        .where(schema.mTenant.eq(r.value1()), schema.mAgent.eq(r.value2()), schema.mId.eq(r.value3())));
            }
            if (!updates.isEmpty()) {
                tx.batch(updates).execute();
            }
            return rows.size();
        });
        filled += n;
        return n;
    }

    private void submit(Runnable work, long delaySeconds) {
        try {
            executor.schedule(work, delaySeconds, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // Closed.
        }
    }

    /**
     * Stops the work (a batch in flight is rolled back when {@link PostgresDatabase#close()} closes its connection)
     * and waits for the thread to end, at most {@code bound}.
     *
     * @param bound the longest wait
     */
    void awaitStopped(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            executor.awaitTermination(Math.max(1, bound.toMillis()), TimeUnit.MILLISECONDS);
            // The executor counts as terminated while its thread is still on its way out: wait for the thread too.
            Thread t = worker;
            if (t != null) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking work and interrupts the work in flight; {@link #awaitStopped} waits for it. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
