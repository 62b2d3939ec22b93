package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.InvalidMemoryRequestException;
import dev.agentmemory.MemoryBusyException;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryTimeoutException;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.postgres.SqlStateClassifier.Outcome;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.Map;
import java.util.stream.Stream;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The translation table, one test per row, plus the failures that carry no SQLState. */
class SqlStateClassifierTest {

    private static final Map<Outcome, Class<? extends MemoryException>> TYPES = Map.of(
            Outcome.CONNECTION, MemoryConnectionException.class,
            Outcome.BUSY, MemoryBusyException.class,
            Outcome.TIMEOUT, MemoryTimeoutException.class,
            Outcome.CONFIGURATION, MemoryConfigurationException.class,
            Outcome.INVALID_REQUEST, InvalidMemoryRequestException.class,
            Outcome.UNAVAILABLE, MemoryUnavailableException.class);

    /** Every row of the table, with a concrete SQLState for class rows, and what the issue asks of it. */
    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("08007", MemoryConnectionException.class),
                Arguments.of("57P01", MemoryConnectionException.class),
                Arguments.of("57P02", MemoryConnectionException.class),
                Arguments.of("57P03", MemoryConnectionException.class),
                Arguments.of("57014", MemoryTimeoutException.class),
                Arguments.of("40001", MemoryBusyException.class),
                Arguments.of("40P01", MemoryBusyException.class),
                Arguments.of("55P03", MemoryBusyException.class),
                Arguments.of("3D000", MemoryConfigurationException.class),
                Arguments.of("08006", MemoryConnectionException.class),
                Arguments.of("53300", MemoryBusyException.class),
                Arguments.of("28P01", MemoryConfigurationException.class),
                Arguments.of("42P01", MemoryConfigurationException.class),
                Arguments.of("22P02", InvalidMemoryRequestException.class),
                Arguments.of("23505", InvalidMemoryRequestException.class),
                Arguments.of("0A000", MemoryConfigurationException.class));
    }

    @ParameterizedTest(name = "SQLState {0} -> {1}")
    @MethodSource("rows")
    void eachRowTranslatesToItsExceptionKeepingTheCause(String state, Class<? extends MemoryException> expected) {
        SQLException driver = new SQLException("server said no", state);
        DataAccessException jooq = new DataAccessException("SQL [select 1]; server said no", driver);
        MemoryException e = SqlStateClassifier.translate("jdbc:postgresql://h/db", "search", jooq);
        assertInstanceOf(expected, e);
        assertSame(jooq, e.getCause());
        assertTrue(e.getMessage().contains(state), e.getMessage());
        assertEquals("search", e.operation());
        SqlStateClassifier.Rule rule = SqlStateClassifier.rule(state);
        assertEquals(expected, TYPES.get(rule.outcome()), "table and test agree");
    }

    @Test
    void everyRowOfTheTableIsCoveredAbove() {
        var tested = rows().map(a -> (String) a.get()[0]).toList();
        for (SqlStateClassifier.Rule rule : SqlStateClassifier.RULES) {
            assertTrue(tested.stream().anyMatch(s -> SqlStateClassifier.rule(s) == rule), "untested row " + rule);
        }
    }

    @Test
    void agroalAcquisitionTimeoutIsBusy() {
        MemoryException e = SqlStateClassifier.translate("b", "append",
                new DataAccessException("Error getting connection from data source",
                        new SQLException("Sorry, acquisition timeout!")));
        assertInstanceOf(MemoryBusyException.class, e);
        assertTrue(e.getMessage().contains("pool.acquire-timeout"), e.getMessage());
    }

    @Test
    void aReadThatTimedOutIsATimeoutButAConnectThatTimedOutIsAConnectionFailure() {
        SQLException read = new SQLException("An I/O error occurred while sending to the backend.", "08006",
                new SocketTimeoutException("Read timed out"));
        assertInstanceOf(MemoryTimeoutException.class, SqlStateClassifier.translate("b", "get", read));
        SQLException connect = new SQLException("The connection attempt failed.", "08001",
                new SocketTimeoutException("Connect timed out"));
        assertInstanceOf(MemoryConnectionException.class, SqlStateClassifier.translate("b", "get", connect));
    }

    @Test
    void unknownStatesArePermanentAndMemoryExceptionsPassThrough() {
        assertInstanceOf(MemoryUnavailableException.class,
                SqlStateClassifier.translate("b", "get", new SQLException("internal", "XX000")));
        MemoryBusyException busy = new MemoryBusyException("b", "get", "busy");
        assertSame(busy, SqlStateClassifier.translate("b", "get", busy));
        assertInstanceOf(MemoryUnavailableException.class,
                SqlStateClassifier.translate("b", "get", new IllegalStateException("bug")));
    }
}
