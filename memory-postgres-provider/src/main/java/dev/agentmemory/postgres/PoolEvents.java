package dev.agentmemory.postgres;

import io.agroal.api.AgroalDataSourceListener;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Listens to one Agroal pool: logs leaks and warnings through {@link System.Logger}, and keeps track of the raw
 * connections and the housekeeping thread, so that {@link PostgresDatabase#close()} can be complete. Agroal's
 * close does not wait for a connection its housekeeping thread is still creating; such a connection would
 * otherwise outlive the store, so it is closed here the moment it appears after close.
 *
 * <p>Thread-safe: Agroal calls it from callers' threads and from its housekeeping thread.
 */
final class PoolEvents implements AgroalDataSourceListener {

    private static final System.Logger LOG = System.getLogger(PoolEvents.class.getName());

    private final String address;
    private final BooleanSupplier closed;
    private final Set<Connection> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger creating = new AtomicInteger();
    private volatile @Nullable Thread housekeeping;

    PoolEvents(String address, BooleanSupplier closed) {
        this.address = address;
        this.closed = closed;
    }

    @Override
    public void beforeConnectionCreation() {
        // Agroal creates connections on its housekeeping thread: remember it, to wait for it on close.
        Thread current = Thread.currentThread();
        if (current.getName().startsWith("agroal-")) {
            housekeeping = current;
        }
        creating.incrementAndGet();
    }

    @Override
    public void onConnectionCreation(Connection connection) {
        live.add(connection);
        if (closed.getAsBoolean()) {
            closeQuietly(connection);
        }
        creating.decrementAndGet();
    }

    @Override
    public void onConnectionDestroy(Connection connection) {
        live.remove(connection);
    }

    @Override
    public void onConnectionCreationFailure(SQLException e) {
        creating.decrementAndGet();
        LOG.log(Level.DEBUG, "connecting to {0} failed: {1} (SQLState {2})", address, e.getMessage(), e.getSQLState());
    }

    @Override
    public void onConnectionLeak(Connection connection, Thread thread) {
        LOG.log(Level.WARNING, "a connection to {0} has been held longer than the leak timeout (option {1}) by "
                + "thread {2}", address, PostgresOptions.LEAK_TIMEOUT, thread.getName());
    }

    @Override
    public void onWarning(String message) {
        LOG.log(Level.DEBUG, "pool to {0}: {1}", address, message);
    }

    @Override
    public void onWarning(Throwable throwable) {
        LOG.log(Level.DEBUG, "pool to " + address + ": " + throwable.getMessage(), throwable);
    }

    /**
     * After the pool was closed: waits, at most {@code bound}, for its housekeeping thread to end, then closes
     * every connection the pool did not.
     *
     * @param bound the longest wait
     */
    void finishClose(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        // A connection still being created when the pool closed is closed by onConnectionCreation: wait for that,
        // so that no byte reaches the server after close() returns.
        while (creating.get() > 0 && System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(1_000_000);
        }
        Thread thread = housekeeping;
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Connection connection : live) {
            closeQuietly(connection);
        }
    }

    private void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing a connection to {0} failed: {1}", address, e.getMessage());
        } finally {
            live.remove(connection);
        }
    }
}
