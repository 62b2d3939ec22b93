package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryBusyException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryTimeoutException;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.tck.Await;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The pool under pressure: calls made slow by a row lock held outside the store drain a pool of 4; the others
 * fail with {@link MemoryBusyException} within the acquisition timeout instead of waiting, and nothing leaks.
 */
class PoolTest {

    private static final String SCHEMA = PostgresTestSupport.newSchema("pool");

    @AfterAll
    static void dropSchema() {
        PostgresTestSupport.dropSchema(SCHEMA);
    }

    @Test
    void thirtyTwoSlowCallsOnAPoolOfFourEndInSuccessOrBusyAndLeakNothing() throws Exception {
        String client = PostgresTestSupport.newClientName("pool");
        SessionRef session = SessionRef.of("acme", "bot", "hot");
        ShortTermMemory store = PostgresTestSupport.shortTerm(PostgresTestSupport.options(SCHEMA,
                MemoryOptions.CLIENT_NAME.key(), client, MemoryOptions.POOL_MAX_SIZE.key(), "4", MemoryOptions.POOL_MIN_SIZE.key(), "1",
                MemoryOptions.POOL_ACQUIRE_TIMEOUT.key(), "300ms", MemoryOptions.RESPONSE_TIMEOUT.key(), "20s"));
        int successes = 0;
        int busy = 0;
        ExecutorService callers = Executors.newFixedThreadPool(32);
        try {
            store.append(session, NewEntry.of("user", "warm-up"));
            try (Connection blocker = PostgresTestSupport.connect()) {
                blocker.setAutoCommit(false);
                try (PreparedStatement lock = blocker.prepareStatement("SELECT 1 FROM " + SCHEMA
                        + ".short_term_sessions WHERE session = 'hot' FOR UPDATE")) {
                    lock.executeQuery().close();
                }
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    int n = i;
                    calls.add(callers.submit(() -> store.append(session, NewEntry.of("user", "slow " + n))));
                }
                // Four callers hold the pool's connections, blocked on the row lock; every other caller gives up
                // after the 300 ms acquire timeout.
                Await.assertEventually(Await.EVENTUALLY,
                        () -> calls.stream().filter(Future::isDone).count() >= calls.size() - 4,
                        () -> "callers without a connection to give up: "
                                + calls.stream().filter(Future::isDone).count() + " of " + calls.size() + " done");
                assertTrue(PostgresTestSupport.connections(client) <= 4, "never more than the pool's maximum");
                blocker.commit();
                for (Future<?> call : calls) {
                    try {
                        call.get(60, TimeUnit.SECONDS);
                        successes++;
                    } catch (ExecutionException e) {
                        assertInstanceOf(MemoryBusyException.class, e.getCause(), "only busy, never another failure");
                        busy++;
                    }
                }
            }
            assertEquals(32, successes + busy);
            assertTrue(successes >= 4 && successes < 32, "successes " + successes);
            assertTrue(busy > 0, "busy " + busy);
            assertEquals(successes + 1, store.size(session), "every successful append is stored, once");
            assertTrue(PostgresTestSupport.connections(client) <= 4);
        } finally {
            callers.shutdownNow();
            store.close();
        }
        assertEquals(0, PostgresTestSupport.connectionsAfterClose(client), "close gives back every connection");
    }

    @Test
    void aStatementThatOutlivesTheResponseTimeoutIsCancelledAsATimeout() throws Exception {
        String client = PostgresTestSupport.newClientName("timeout");
        SessionRef session = SessionRef.of("acme", "bot", "slow");
        try (ShortTermMemory store = PostgresTestSupport.shortTerm(PostgresTestSupport.options(SCHEMA,
                MemoryOptions.CLIENT_NAME.key(), client, MemoryOptions.RESPONSE_TIMEOUT.key(), "1s"))) {
            store.append(session, NewEntry.of("user", "first"));
            try (Connection blocker = PostgresTestSupport.connect()) {
                blocker.setAutoCommit(false);
                try (PreparedStatement lock = blocker.prepareStatement("SELECT 1 FROM " + SCHEMA
                        + ".short_term_sessions WHERE session = 'slow' FOR UPDATE")) {
                    lock.executeQuery().close();
                }
                MemoryTimeoutException e = org.junit.jupiter.api.Assertions.assertThrows(MemoryTimeoutException.class,
                        () -> store.append(session, NewEntry.of("user", "second")));
                assertTrue(e.getMessage().contains("57014"), e.getMessage());
                blocker.rollback();
            }
            assertEquals(1, store.size(session), "the cancelled append left nothing behind");
        }
    }
}
