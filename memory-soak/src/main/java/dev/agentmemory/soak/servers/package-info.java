/**
 * Private database servers for tests, soaks and benchmarks: a {@link dev.agentmemory.soak.servers.PrivateRedis}
 * (redis-server with an append-only file synced on every write) and a
 * {@link dev.agentmemory.soak.servers.PrivatePostgres} (a cluster made with {@code initdb}, run with
 * {@code pg_ctl}), each on a free loopback port, in its own directory under a directory the caller gives (a build's
 * {@code target/}). Both can be crashed ({@code kill -9}; {@code pg_ctl stop -m immediate}) and restarted on the same
 * port and data, count the connections a client holds, and remove their processes and files on
 * {@link dev.agentmemory.soak.servers.PrivateServer#close()} or, failing that, when the JVM shuts down (also on
 * Ctrl-C). They never touch a shared server.
 */
@NullMarked
package dev.agentmemory.soak.servers;

import org.jspecify.annotations.NullMarked;
