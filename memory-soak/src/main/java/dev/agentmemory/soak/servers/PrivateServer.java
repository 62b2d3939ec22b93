package dev.agentmemory.soak.servers;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A database server this JVM started for itself, on a free loopback port, that can be crashed and restarted on the
 * same port and data directory. Thread-safe: {@link #crash()}, {@link #restart()} and {@link #close()} may come
 * from different threads; {@link #close()} (or the JVM's shutdown) ends the server and removes its directory.
 */
public sealed interface PrivateServer extends AutoCloseable permits PrivateRedis, PrivatePostgres {

    /** @return what the server is and where, for reports: {@code redis-server 127.0.0.1:40123} */
    String describe();

    /** @return the loopback port, the same across restarts */
    int port();

    /** @return the server's directory (data, configuration and logs); removed by {@link #close()} */
    Path directory();

    /** @return the server's main process id (the postmaster for PostgreSQL), while it runs */
    OptionalLong pid();

    /** @return whether the server process is running (it may still be starting) */
    boolean running();

    /**
     * Ends the server abruptly, as a crash would: no shutdown work, no final write. Returns once the server process
     * has ended.
     *
     * @throws IllegalStateException if the server is not running, or did not end within a minute
     */
    void crash();

    /**
     * Starts the server again on the same port and data directory and returns once it accepts commands.
     *
     * @throws IllegalStateException if it is running or closed, or does not come up (the message has its log's tail)
     */
    void restart();

    /**
     * Counts the server's client connections that carry this name (Redis {@code CLIENT SETNAME}, PostgreSQL
     * {@code application_name}), through a connection of its own that is not counted.
     *
     * @param clientName the name
     * @return how many connections carry it now
     * @throws IllegalStateException if the server cannot be asked (it is down)
     */
    long connectionsNamed(String clientName);

    /** Ends the server (abruptly) and removes its directory. Idempotent; never throws. */
    @Override
    void close();
}
