package dev.agentmemory.redis;

import dev.agentmemory.MemoryBusyException;
import dev.agentmemory.MemoryClosedException;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryTimeoutException;
import dev.agentmemory.MemoryUnavailableException;
import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import javax.net.ssl.SSLHandshakeException;
import org.redisson.RedissonShutdownException;
import org.redisson.client.RedisAuthRequiredException;
import org.redisson.client.RedisBusyException;
import org.redisson.client.RedisClusterDownException;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisLoadingException;
import org.redisson.client.RedisMasterDownException;
import org.redisson.client.RedisNoReplicasException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisOutOfMemoryException;
import org.redisson.client.RedisReadonlyException;
import org.redisson.client.RedisReconnectedException;
import org.redisson.client.RedisRedirectException;
import org.redisson.client.RedisResponseTimeoutException;
import org.redisson.client.RedisRetryException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.RedisTryAgainException;
import org.redisson.client.RedisWaitException;
import org.redisson.client.RedisWrongPasswordException;

/**
 * Maps every exception that Redisson (or Netty under it) throws to exactly one type of the agentmemory taxonomy,
 * keeping the original as the cause. One table, {@link #ROWS}, read top to bottom: the first row that matches the
 * exception or any of its causes wins (Redisson wraps a server's reply to AUTH in a connection exception, for
 * example, and the reply is what the caller can act on). Specific rows come before the general ones they refine;
 * the last row catches everything. Stateless and thread-safe.
 */
final class RedisErrorClassifier {

    /** The taxonomy leaves a Redis failure can map to. */
    enum Kind {
        /** {@link MemoryConnectionException}. */
        CONNECTION,
        /** {@link MemoryTimeoutException}. */
        TIMEOUT,
        /** {@link MemoryBusyException}. */
        BUSY,
        /** {@link MemoryConfigurationException}. */
        CONFIGURATION,
        /** {@link MemoryClosedException}. */
        CLOSED,
        /** {@link MemoryUnavailableException}. */
        UNAVAILABLE
    }

    /**
     * One row of the table.
     *
     * @param name what the row recognizes, for tests and messages
     * @param type the exception type the row applies to (subtypes included)
     * @param test a further test on the exception, {@code t -> true} for none
     * @param kind what it maps to
     * @param detail the message, in the caller's words: what happened and what to do
     */
    record Row(String name, Class<? extends Throwable> type, Predicate<Throwable> test, Kind kind, String detail) {

        boolean matches(Throwable t) {
            return type.isInstance(t) && test.test(t);
        }
    }

    /** The table. Order matters: the first matching row wins. */
    static final List<Row> ROWS = List.of(
            row("shutdown", RedissonShutdownException.class, Kind.CLOSED,
                    "the store was closed while the call was running"),
            row("WRONGPASS", RedisWrongPasswordException.class, Kind.CONFIGURATION,
                    "Redis rejected the user name or password; check the URI's user-info or the options username/password"),
            row("NOAUTH", RedisAuthRequiredException.class, Kind.CONFIGURATION,
                    "Redis requires a password; give it in the URI (redis://:password@host) or the option password"),
            row("NOSCRIPT", RedisNoScriptException.class, Kind.BUSY,
                    "the server lost its script cache (restart or failover); the next attempt loads the script again"),
            row("LOADING", RedisLoadingException.class, Kind.BUSY,
                    "Redis is loading its data set into memory"),
            row("TRYAGAIN", RedisTryAgainException.class, Kind.BUSY,
                    "the Cluster is moving the session's slot (TRYAGAIN)"),
            row("BUSY", RedisBusyException.class, Kind.BUSY,
                    "Redis is busy running a long script"),
            row("CLUSTERDOWN", RedisClusterDownException.class, Kind.BUSY,
                    "the Redis Cluster is down (CLUSTERDOWN)"),
            row("MASTERDOWN", RedisMasterDownException.class, Kind.BUSY,
                    "the replica lost its link to the master (MASTERDOWN)"),
            row("NOREPLICAS", RedisNoReplicasException.class, Kind.BUSY,
                    "not enough replicas to accept writes (NOREPLICAS)"),
            row("WAIT", RedisWaitException.class, Kind.BUSY,
                    "replicas did not confirm the write in time"),
            row("retryable", RedisRetryException.class, Kind.BUSY,
                    "Redis asked to retry later"),
            row("OOM", RedisOutOfMemoryException.class, Kind.BUSY,
                    "Redis is out of memory (maxmemory reached) and refuses writes"),
            row("READONLY", RedisReadonlyException.class, Kind.CONNECTION,
                    "the node is a read-only replica: a failover is in progress"),
            row("MOVED/ASK", RedisRedirectException.class, Kind.CONNECTION,
                    "the Cluster topology changed under the call"),
            row("node not found", RedisNodeNotFoundException.class, Kind.CONNECTION,
                    "no Redis node serves the session's slot now (failover or topology change)"),
            row("reconnected", RedisReconnectedException.class, Kind.CONNECTION,
                    "the connection was re-established during the call"),
            row("response timeout", RedisResponseTimeoutException.class, Kind.TIMEOUT,
                    "Redis did not answer within response-timeout; a write may or may not have been applied, "
                            + "and retrying it with the same entry id is safe"),
            // Not a drained pool, whatever Redisson's message suggests: the store never runs more calls at once than
            // Redisson has connections (its permits, RedisShortTermMemory.acquireConnection, report a drained pool
            // as busy). Redisson gives up this way when the connection it waits for is still being made or
            // re-made, i.e. the node is unreachable: answering "busy" would send a caller to grow its pool.
            row("no connection in time", RedisTimeoutException.class,
                    t -> message(t).contains("unable to acquire connection"),
                    Kind.CONNECTION, "no connection to Redis could be made within response-timeout; "
                            + "is the server reachable?"),
            row("timeout", RedisTimeoutException.class, Kind.TIMEOUT,
                    "Redis did not answer in time"),
            row("TLS handshake", SSLHandshakeException.class, Kind.CONFIGURATION,
                    "the TLS handshake failed: is the server's certificate trusted (option " + RedisOptions.TLS_TRUSTSTORE.key()
                            + ") and does it name the host (option " + RedisOptions.TLS_VERIFY.key() + ")?"),
            row("connection", RedisConnectionException.class, Kind.CONNECTION,
                    "cannot connect to Redis"),
            row("NOPERM", RedisException.class, t -> reply(t, "NOPERM"), Kind.CONFIGURATION,
                    "the Redis user lacks a permission (ACL) that the store needs: EVALSHA, EVAL, SCRIPT and the "
                            + "keys under the key prefix"),
            row("WRONGTYPE", RedisException.class, t -> reply(t, "WRONGTYPE"), Kind.CONFIGURATION,
                    "a key of the session holds another type of value: does another application write under "
                            + "this key prefix?"),
            row("script on a down cluster", RedisException.class, t -> message(t).contains("cluster is down"),
                    Kind.BUSY, "the Redis Cluster is down (CLUSTERDOWN)"),
            row("script error", RedisException.class,
                    t -> message(t).contains("error running script") || message(t).contains("error compiling script")
                            || message(t).contains("user_script"),
                    Kind.CONFIGURATION, "Redis refused the provider's Lua script (scripting disabled or "
                            + "restricted on this server?)"),
            row("interrupted", InterruptedException.class, Kind.UNAVAILABLE,
                    "the calling thread was interrupted while waiting for Redis"),
            row("network", IOException.class, Kind.CONNECTION,
                    "the connection to Redis failed"),
            row("cancelled", CancellationException.class, Kind.CONNECTION,
                    "the call was cancelled before Redis answered"),
            row("other Redis error", RedisException.class, Kind.CONFIGURATION,
                    "Redis rejected the command"),
            row("anything else", Throwable.class, Kind.CONFIGURATION,
                    "unexpected error in the Redis client"));

    private RedisErrorClassifier() {
    }

    /**
     * A row and the exception in the chain that it matched.
     *
     * @param row the row
     * @param matched the exception (the failure itself or one of its causes)
     */
    record Match(Row row, Throwable matched) {
    }

    /**
     * The first row that matches the failure or one of its causes.
     *
     * @param failure what Redisson threw, unwrapped
     * @return the match; never empty, since the last row matches everything
     */
    static Match classify(Throwable failure) {
        List<Throwable> chain = chain(failure);
        for (Row row : ROWS) {
            for (Throwable t : chain) {
                if (row.matches(t)) {
                    return new Match(row, t);
                }
            }
        }
        throw new AssertionError("the last row matches every Throwable");
    }

    /**
     * Translates a failure.
     *
     * @param backend the address, without credentials
     * @param operation the operation that failed
     * @param failure what Redisson threw
     * @return the exception to throw, with {@code failure} (unwrapped from future wrappers) as its cause
     */
    static MemoryException translate(String backend, String operation, Throwable failure) {
        if (failure instanceof MemoryException m) {
            return m;
        }
        Throwable t = unwrap(failure);
        Match match = classify(t);
        String detail = match.row().detail() + " (" + summary(match.matched()) + ")";
        return switch (match.row().kind()) {
            case CONNECTION -> new MemoryConnectionException(backend, operation, detail, t);
            case TIMEOUT -> new MemoryTimeoutException(backend, operation, detail, t);
            case BUSY -> new MemoryBusyException(backend, operation, detail, t);
            case CONFIGURATION -> new MemoryConfigurationException(backend, operation, detail, t);
            case CLOSED -> new MemoryClosedException(backend, operation, detail, t);
            case UNAVAILABLE -> new MemoryUnavailableException(backend, operation, detail, t);
        };
    }

    /** The failure and its causes, outermost first; stops at a cycle (Redisson builds some). */
    static List<Throwable> chain(Throwable failure) {
        List<Throwable> out = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && out.size() < 32 && seen.add(t); t = t.getCause()) {
            out.add(t);
        }
        return out;
    }

    /** Strips the wrappers that futures and proxies add around the real failure. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException
                || t instanceof UndeclaredThrowableException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * One short line about a driver exception: its type and the start of its message, without the command's
     * parameters (which hold user content) and with any credentials masked.
     *
     * @param t the exception
     * @return the line
     */
    static String summary(Throwable t) {
        String m = t.getMessage();
        if (m == null) {
            Throwable cause = t.getCause();
            return t.getClass().getSimpleName() + (cause != null ? ": " + summary(cause) : "");
        }
        int params = m.indexOf("params:");
        if (params >= 0) {
            m = m.substring(0, params).trim();
            if (m.endsWith(",")) {
                m = m.substring(0, m.length() - 1);
            }
        }
        int newline = m.indexOf('\n');
        if (newline >= 0) {
            m = m.substring(0, newline);
        }
        if (m.length() > 300) {
            m = m.substring(0, 300) + "...";
        }
        return t.getClass().getSimpleName() + ": " + MemoryOptions.redact(m);
    }

    private static Row row(String name, Class<? extends Throwable> type, Kind kind, String detail) {
        return new Row(name, type, t -> true, kind, detail);
    }

    private static Row row(String name, Class<? extends Throwable> type, Predicate<Throwable> test, Kind kind,
                           String detail) {
        return new Row(name, type, test, kind, detail);
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null ? "" : m.toLowerCase(Locale.ROOT);
    }

    /** Whether the server's error reply starts with this code (Redisson puts the reply at the message start). */
    private static boolean reply(Throwable t, String code) {
        String m = t.getMessage();
        return m != null && (m.startsWith(code + " ") || m.startsWith(code + ":") || m.contains(" " + code + " "));
    }

}
