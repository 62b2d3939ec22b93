package dev.agentmemory.soak.servers;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A database server this JVM started for itself, on a free loopback port, that can be crashed and restarted on the
 * same port and data directory. {@link #close()} ends the server and removes its directory; a shutdown hook does the
 * same if the JVM exits first (normally, on Ctrl-C or on SIGTERM). Thread-safe: {@link #crash()}, {@link #restart()}
 * and {@link #close()} may come from different threads.
 */
public abstract sealed class PrivateServer implements AutoCloseable permits PrivateRedis, PrivatePostgres {

    private final int port;
    private final Path dir;
    private final CleanupHook hook;
    private volatile boolean closed;

    PrivateServer(String kind, int port, Path dir) {
        this.port = port;
        this.dir = dir;
        // Runs only at JVM shutdown, long after construction.
        this.hook = CleanupHook.register(kind + ":" + port, this::release);
    }

    /** @return what the server is and where, for reports: {@code redis-server 127.0.0.1:40123 ...} */
    public abstract String describe();

    /** @return the loopback port, the same across restarts */
    public final int port() {
        return port;
    }

    /** @return the server's directory (data, configuration and logs); removed by {@link #close()} */
    public final Path directory() {
        return dir;
    }

    /** @return the server's main process id (the postmaster for PostgreSQL), while it runs */
    public abstract OptionalLong pid();

    /** @return whether the server process is running (it may still be starting) */
    public final boolean running() {
        return pid().isPresent();
    }

    /**
     * Ends the server abruptly, as a crash would: no shutdown work, no final write. Returns once the server process
     * has ended.
     *
     * @throws IllegalStateException if the server is not running, or did not end within the bound
     */
    public abstract void crash();

    /**
     * Starts the server again on the same port and data directory and returns once it accepts commands.
     *
     * @throws IllegalStateException if it is running or closed, or does not come up (the message has its log's tail)
     */
    public final synchronized void restart() {
        if (closed) {
            throw new IllegalStateException(describe() + " is closed");
        }
        if (running()) {
            throw new IllegalStateException(describe() + " is running; crash() it first");
        }
        launch();
        if (closed) {
            // close() ran while we were starting and may have found nothing to stop.
            release();
            throw new IllegalStateException(describe() + " was closed while starting");
        }
    }

    /**
     * Counts the server's client connections that carry this name (Redis {@code CLIENT SETNAME}, PostgreSQL
     * {@code application_name}), through a connection of its own that is not counted.
     *
     * @param clientName the name
     * @return how many connections carry it now
     * @throws IllegalStateException if the server cannot be asked (it is down)
     */
    public abstract long connectionsNamed(String clientName);

    /** Ends the server (abruptly) and removes its directory. Idempotent; never throws. */
    @Override
    public final void close() {
        release();
        hook.cancel();
    }

    /** @return whether {@link #close()} (or the shutdown hook) has begun */
    final boolean closed() {
        return closed;
    }

    /** Starts the server process on the port and directory and waits until it answers. */
    abstract void launch();

    /** Ends whatever server process runs, abruptly; nothing if none. */
    abstract void end();

    private void release() {
        closed = true;
        try {
            end();
        } catch (RuntimeException e) {
            // close() never throws; say what is left behind.
            System.getLogger(PrivateServer.class.getName()).log(System.Logger.Level.WARNING,
                    "could not end " + describe() + ": " + e.getMessage());
        }
        ServerDirectory.delete(dir);
    }
}
