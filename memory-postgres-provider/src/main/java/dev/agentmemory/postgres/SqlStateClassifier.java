package dev.agentmemory.postgres;

import dev.agentmemory.InvalidMemoryRequestException;
import dev.agentmemory.MemoryBusyException;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryTimeoutException;
import dev.agentmemory.MemoryUnavailableException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Translates every failure of pgjdbc, Agroal, jOOQ and Flyway into exactly one {@link MemoryException}, by a
 * table of SQLStates (an exact state wins over its class), keeping the original as the cause.
 *
 * <p>Stateless and thread-safe.
 */
final class SqlStateClassifier {

    /** What a failure becomes. */
    enum Outcome {
        /** {@link MemoryConnectionException}. */
        CONNECTION,
        /** {@link MemoryBusyException}. */
        BUSY,
        /** {@link MemoryTimeoutException}. */
        TIMEOUT,
        /** {@link MemoryConfigurationException}. */
        CONFIGURATION,
        /** {@link InvalidMemoryRequestException}. */
        INVALID_REQUEST,
        /** {@link MemoryUnavailableException}: a server error that no retry is known to fix. */
        UNAVAILABLE
    }

    /**
     * One row of the table.
     *
     * @param sqlState a full five-character SQLState, or a two-character class
     * @param outcome what it becomes
     * @param meaning a few words for the message
     */
    record Rule(String sqlState, Outcome outcome, String meaning) {
    }

    /** Agroal throws a plain SQLException without SQLState when no connection frees up in time. */
    static final String AGROAL_ACQUISITION_TIMEOUT = "acquisition timeout";

    /** The table. Full states first, then classes; the first match wins. */
    static final List<Rule> RULES = List.of(
            new Rule("08007", Outcome.CONNECTION, "connection lost during commit, outcome unknown (writes are idempotent by id, a retry is safe)"),
            new Rule("57P01", Outcome.CONNECTION, "the server is shutting down (admin shutdown)"),
            new Rule("57P02", Outcome.CONNECTION, "the server crashed (crash shutdown)"),
            new Rule("57P03", Outcome.CONNECTION, "the server cannot accept connections now"),
            new Rule("57014", Outcome.TIMEOUT, "statement timed out (query cancelled)"),
            new Rule("40001", Outcome.BUSY, "serialization failure"),
            new Rule("40P01", Outcome.BUSY, "deadlock detected"),
            new Rule("55P03", Outcome.BUSY, "lock not available"),
            new Rule("3D000", Outcome.CONFIGURATION, "the database does not exist"),
            new Rule("08", Outcome.CONNECTION, "connection failure"),
            new Rule("53", Outcome.BUSY, "insufficient resources (too many connections, out of memory or disk)"),
            new Rule("28", Outcome.CONFIGURATION, "authentication failed: check user and password"),
            new Rule("42", Outcome.CONFIGURATION, "schema or privilege error: check the schema and its migrations"),
            new Rule("22", Outcome.INVALID_REQUEST, "data rejected by the server"),
            new Rule("23", Outcome.INVALID_REQUEST, "constraint violated"),
            new Rule("0A", Outcome.CONFIGURATION, "feature not supported by this server"));

    private SqlStateClassifier() {
    }

    /**
     * The rule for a SQLState.
     *
     * @param sqlState the state, may be null
     * @return the first matching rule, or {@code null}
     */
    static @Nullable Rule rule(@Nullable String sqlState) {
        if (sqlState == null || sqlState.length() < 2) {
            return null;
        }
        String state = sqlState.toUpperCase(Locale.ROOT);
        for (Rule r : RULES) {
            if (r.sqlState().length() == 5 ? r.sqlState().equals(state) : state.startsWith(r.sqlState())) {
                return r;
            }
        }
        return null;
    }

    /**
     * Translates a failure.
     *
     * @param backend the address, credentials masked
     * @param operation the API operation
     * @param failure what was thrown
     * @return the exception to throw
     */
    static MemoryException translate(String backend, String operation, Throwable failure) {
        if (failure instanceof MemoryException m) {
            return m;
        }
        SQLException sql = find(failure, SQLException.class);
        if (sql != null) {
            String state = firstState(sql);
            // pgjdbc reports a read that timed out (socketTimeout) as 08006; it is a response timeout, not a
            // refused connection. A connect that timed out (08001) stays a connection failure.
            if (!"08001".equals(state) && find(failure, SocketTimeoutException.class) != null) {
                return new MemoryTimeoutException(backend, operation, "the server did not answer in time (SQLState "
                        + state + "): " + sql.getMessage(), failure);
            }
            Rule r = rule(state);
            if (r != null) {
                return create(r.outcome(), backend, operation, r.meaning() + " (SQLState " + state + "): "
                        + sql.getMessage(), failure);
            }
            if (state == null && sql.getMessage() != null
                    && sql.getMessage().toLowerCase(Locale.ROOT).contains(AGROAL_ACQUISITION_TIMEOUT)) {
                return new MemoryBusyException(backend, operation, "no pooled connection became free within "
                        + "the acquisition timeout (option pool.acquire-timeout); the pool is exhausted", failure);
            }
        }
        if (find(failure, SocketTimeoutException.class) != null) {
            return new MemoryTimeoutException(backend, operation, "the server did not answer in time", failure);
        }
        if (find(failure, ConnectException.class) != null) {
            return new MemoryConnectionException(backend, operation, "cannot connect to the server", failure);
        }
        if (find(failure, InterruptedIOException.class) != null) {
            return new MemoryTimeoutException(backend, operation, "the server did not answer in time", failure);
        }
        if (sql != null) {
            String state = firstState(sql);
            return new MemoryUnavailableException(backend, operation, "the server failed"
                    + (state == null ? "" : " with SQLState " + state) + ": " + sql.getMessage(), failure);
        }
        if (isFlyway(failure)) {
            return new MemoryConfigurationException(backend, operation, "the schema does not match this release: "
                    + failure.getMessage(), failure);
        }
        return new MemoryUnavailableException(backend, operation, "unexpected failure: " + failure, failure);
    }

    static MemoryException create(Outcome outcome, String backend, String operation, String detail,
                                  @Nullable Throwable cause) {
        return switch (outcome) {
            case CONNECTION -> new MemoryConnectionException(backend, operation, detail, cause);
            case BUSY -> new MemoryBusyException(backend, operation, detail, cause);
            case TIMEOUT -> new MemoryTimeoutException(backend, operation, detail, cause);
            case CONFIGURATION -> new MemoryConfigurationException(backend, operation, detail, cause);
            case INVALID_REQUEST -> new InvalidMemoryRequestException(backend, operation, detail, cause);
            case UNAVAILABLE -> new MemoryUnavailableException(backend, operation, detail, cause);
        };
    }

    /** The first SQLState along the chain of causes and next exceptions (pgjdbc nests them in batches). */
    private static @Nullable String firstState(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                if (s.getSQLState() != null) {
                    return s.getSQLState();
                }
                SQLException next = s.getNextException();
                if (next != null && next.getSQLState() != null) {
                    return next.getSQLState();
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static boolean isFlyway(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("org.flywaydb.")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
