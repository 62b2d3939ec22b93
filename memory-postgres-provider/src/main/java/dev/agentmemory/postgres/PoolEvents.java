package dev.agentmemory.postgres;

import io.agroal.api.AgroalDataSourceListener;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Listens to one Agroal pool: logs leaks and warnings through {@link System.Logger}, and keeps track of the raw
 * connections and of every connection being created, so that {@link PostgresDatabase#close()} is complete: when it
 * returns, no connection of the store can send another byte. Agroal's close does not wait for a connection its
 * housekeeping thread is still creating, and a creation task that has started when the pool closes still creates
 * its connection. So: once {@link #refuseNewConnections()} has run, a creation that has not started yet is refused
 * here, before any I/O; {@link #finishClose(Duration)} waits for those that had started, closes what they made, and
 * waits for the pool's own thread to end (it may be closing a connection itself).
 *
 * <p>Thread-safe: Agroal calls it from callers' threads and from its housekeeping thread.
 */
final class PoolEvents implements AgroalDataSourceListener {

    private static final System.Logger LOG = System.getLogger(PoolEvents.class.getName());
    /** Agroal names its housekeeping threads {@code agroal-<n>...}. */
    private static final String AGROAL_THREAD = "agroal-";

    private final String address;
    private final int socketTimeoutMillis;
    private final Set<Connection> live = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    /** Threads creating a connection now; guarded by {@link #gate}. */
    private final Set<Thread> creating = new HashSet<>();
    /** Whether new connections are refused; guarded by {@link #gate}. */
    private boolean refusing;
    private volatile @Nullable Thread housekeeping;

    /**
     * @param address the server, credentials masked
     * @param socketTimeout the socket timeout of a connection once it is made ({@link PostgresSettings#socketTimeout()});
     *     while it is being made, the connect timeout bounds each read
     */
    PoolEvents(String address, Duration socketTimeout) {
        this.address = address;
        this.socketTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, socketTimeout.toMillis());
    }

    /**
     * From now on, refuses every connection whose creation has not started, before it sends a byte. Called by close
     * before the pool is closed.
     */
    void refuseNewConnections() {
        synchronized (gate) {
            refusing = true;
        }
    }

    @Override
    public void beforeConnectionCreation() {
        Thread current = Thread.currentThread();
        synchronized (gate) {
            if (refusing) {
                // Agroal reports this as a failed creation; the connection is never opened.
                throw new IllegalStateException("the store is closed: no new connection to " + address);
            }
            creating.add(current);
        }
        // Agroal creates connections on its housekeeping thread: remember it, to wait for it on close.
        if (current.getName().startsWith(AGROAL_THREAD)) {
            housekeeping = current;
        }
    }

    @Override
    public void onConnectionCreation(Connection connection) {
        live.add(connection);
        boolean closing;
        synchronized (gate) {
            closing = refusing;
        }
        if (closing) {
            closeQuietly(connection);
        } else {
            raiseSocketTimeout(connection);
        }
        creationEnded();
    }

    /**
     * The login ran with the connect timeout on every read; from now on reads wait up to the longer backstop, so that a
     * statement timeout is reported by the server (SQLState 57014) rather than by the socket.
     */
    private void raiseSocketTimeout(Connection connection) {
        try {
            // pgjdbc applies it to the socket at once and runs nothing on the executor.
            connection.setNetworkTimeout(Runnable::run, socketTimeoutMillis);
        } catch (SQLException | RuntimeException e) {
            // The connection is already broken: the pool's validation and exception sorter drop it.
            LOG.log(Level.DEBUG, "setting the socket timeout of a connection to {0} failed: {1}", address,
                    e.getMessage());
        }
    }

    @Override
    public void onConnectionDestroy(Connection connection) {
        live.remove(connection);
    }

    @Override
    public void onConnectionCreationFailure(SQLException e) {
        creationEnded();
        LOG.log(Level.DEBUG, "connecting to {0} failed: {1} (SQLState {2})", address, e.getMessage(), e.getSQLState());
    }

    @Override
    public void onConnectionLeak(Connection connection, Thread thread) {
        LOG.log(Level.WARNING, "a connection to {0} has been held longer than the leak timeout (option {1}) by "
                + "thread {2}", address, PostgresOptions.LEAK_TIMEOUT.key(), thread.getName());
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
     * Waits, at most {@code bound}, until no connection is being created. Close calls it before it closes the pool:
     * a connection being made cannot be stopped from here (pgjdbc gives no handle on its socket, and an interrupt does
     * not end a blocking socket read), and one that ended after close() returned would still send its login, or a
     * Terminate.
     *
     * @param bound the longest wait
     * @return false if the calling thread was interrupted (its flag is then set again)
     */
    boolean awaitCreations(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (gate) {
            long left;
            while (!creating.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(gate, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** @return whether a connection is being made now */
    boolean creating() {
        synchronized (gate) {
            return !creating.isEmpty();
        }
    }

    private void creationEnded() {
        synchronized (gate) {
            if (creating.remove(Thread.currentThread())) {
                gate.notifyAll();
            }
        }
    }

    /**
     * After {@link #refuseNewConnections()} and the pool's close: waits, at most {@code bound} in all, for every
     * creation that had started to end and for the pool's housekeeping thread to end, then closes every connection
     * the pool did not.
     *
     * @param bound the longest wait
     */
    void finishClose(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        boolean interrupted = !awaitCreations(bound);
        Thread thread = housekeeping;
        if (!interrupted && thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        for (Connection connection : live) {
            closeQuietly(connection);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
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
