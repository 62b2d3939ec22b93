package dev.agentmemory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryBusyException;
import dev.agentmemory.MemoryClosedException;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryTimeoutException;
import dev.agentmemory.MemoryUnavailableException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.redisson.RedissonShutdownException;
import org.redisson.client.RedisAskException;
import org.redisson.client.RedisAuthRequiredException;
import org.redisson.client.RedisBusyException;
import org.redisson.client.RedisClusterDownException;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisLoadingException;
import org.redisson.client.RedisMasterDownException;
import org.redisson.client.RedisMovedException;
import org.redisson.client.RedisNoReplicasException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisOutOfMemoryException;
import org.redisson.client.RedisReadonlyException;
import org.redisson.client.RedisReconnectedException;
import org.redisson.client.RedisResponseTimeoutException;
import org.redisson.client.RedisRetryException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.RedisTryAgainException;
import org.redisson.client.RedisWaitException;
import org.redisson.client.RedisWrongPasswordException;
import org.redisson.client.WriteRedisConnectionException;
import org.redisson.misc.RedisURI;

/**
 * One case per row of {@link RedisErrorClassifier#ROWS} (and a few more for wrappers), with exceptions shaped like
 * the ones Redisson 3.52 throws; {@link #everyRowHasACase()} keeps the table and the cases in step.
 */
class RedisErrorClassifierTest {

    private static final String BACKEND = "redis://***@10.0.0.5:6379";

    static Stream<Arguments> cases() {
        return Stream.of(
                c("shutdown", new RedissonShutdownException("Redisson is shutdown"), MemoryClosedException.class),
                c("WRONGPASS", new RedisConnectionException("Unable to connect to Redis server: 10.0.0.5/10.0.0.5:6379",
                        new CompletionException(new RedisWrongPasswordException(
                                "WRONGPASS invalid username-password pair or user is disabled.. data: CommandData "
                                        + "[command=(AUTH), params: (password masked)]"))),
                        MemoryConfigurationException.class),
                c("NOAUTH", new RedisAuthRequiredException("NOAUTH Authentication required."),
                        MemoryConfigurationException.class),
                c("NOSCRIPT", new RedisNoScriptException("NOSCRIPT No matching script. Please use EVAL."),
                        MemoryBusyException.class),
                c("LOADING", new RedisLoadingException("LOADING Redis is loading the dataset in memory"),
                        MemoryBusyException.class),
                c("TRYAGAIN", new RedisTryAgainException("TRYAGAIN Multiple keys request during rehashing of slot"),
                        MemoryBusyException.class),
                c("BUSY", new RedisBusyException("BUSY Redis is busy running a script."), MemoryBusyException.class),
                c("CLUSTERDOWN", new RedisClusterDownException("CLUSTERDOWN The cluster is down"),
                        MemoryBusyException.class),
                c("MASTERDOWN", new RedisMasterDownException("MASTERDOWN Link with MASTER is down"),
                        MemoryBusyException.class),
                c("NOREPLICAS", new RedisNoReplicasException("NOREPLICAS Not enough good replicas to write."),
                        MemoryBusyException.class),
                c("WAIT", new RedisWaitException("Only 0 of 1 slaves were synced"), MemoryBusyException.class),
                c("retryable", new RedisRetryException("retry later"), MemoryBusyException.class),
                c("OOM", new RedisOutOfMemoryException("OOM command not allowed when used memory > 'maxmemory'."),
                        MemoryBusyException.class),
                c("READONLY", new RedisReadonlyException("READONLY You can't write against a read only replica."),
                        MemoryConnectionException.class),
                c("MOVED/ASK", new RedisMovedException(866, new RedisURI("redis://10.0.0.6:6379")),
                        MemoryConnectionException.class),
                c("MOVED/ASK", new RedisAskException(866, new RedisURI("redis://10.0.0.6:6379")),
                        MemoryConnectionException.class),
                c("node not found", new RedisNodeNotFoundException("Node for slot: 866 hasn't been discovered yet"),
                        MemoryConnectionException.class),
                c("reconnected", new RedisReconnectedException("Channel has been reconnected"),
                        MemoryConnectionException.class),
                c("response timeout", new RedisResponseTimeoutException("Redis server response timeout (3000 ms) "
                        + "occured after 0 retry attempts, is non-idempotent command: true. command: (EVALSHA), "
                        + "params: [a7c1, 3, am:{t/a/s}:ids, secret user content]"), MemoryTimeoutException.class),
                c("response timeout", new CompletionException(new RedisResponseTimeoutException("timeout")),
                        MemoryTimeoutException.class),
                c("no connection in time", new RedisTimeoutException("Unable to acquire connection! "
                        + "java.util.concurrent.CompletableFuture@cf7bd4c[Completed exceptionally: "
                        + "java.util.concurrent.CancellationException]Increase connection pool size or timeout."),
                        MemoryConnectionException.class),
                c("timeout", new RedisTimeoutException("Command still hasn't been written into connection!"),
                        MemoryTimeoutException.class),
                c("TLS handshake", new RedisConnectionException("Unable to connect to Redis server: 10.0.0.5/10.0.0.5:6380",
                        new javax.net.ssl.SSLHandshakeException("PKIX path building failed")),
                        MemoryConfigurationException.class),
                c("connection", new RedisConnectionException("Unable to connect to Redis server: 10.0.0.5/10.0.0.5:6379",
                        new ConnectException("Connection refused")), MemoryConnectionException.class),
                c("connection", new WriteRedisConnectionException("Unable to write command into connection!"),
                        MemoryConnectionException.class),
                c("NOPERM", new RedisException("NOPERM User app has no permissions to run the 'evalsha' command"),
                        MemoryConfigurationException.class),
                c("WRONGTYPE", new RedisException("WRONGTYPE Operation against a key holding the wrong kind of value. "
                        + "channel: [id: 0x1]"), MemoryConfigurationException.class),
                c("script on a down cluster", new RedisException("ERR Error running script (call to f_c120): "
                        + "@user_script:1: Lua script attempted to execute a command while the cluster is down"),
                        MemoryBusyException.class),
                c("script error", new RedisException("ERR user_script:1: Script attempted to access nonexistent "
                        + "global variable 'x' script: f_1, on @user_script:1."), MemoryConfigurationException.class),
                c("script error", new RedisException("ERR Error compiling script (new function): user_script:1: "
                        + "'=' expected near 'x'"), MemoryConfigurationException.class),
                c("interrupted", new RedisException("Unexpected exception while processing command",
                        new InterruptedException()), MemoryUnavailableException.class),
                c("network", new RedisException("Unexpected exception while processing command",
                        new ClosedChannelException()), MemoryConnectionException.class),
                c("network", new io.netty.channel.ConnectTimeoutException("connection timed out: /10.0.0.5:6379"),
                        MemoryConnectionException.class),
                c("cancelled", new CancellationException(), MemoryConnectionException.class),
                c("other Redis error", new RedisException("ERR unknown command 'EVALSHA'"),
                        MemoryConfigurationException.class),
                c("anything else", new IllegalStateException("unexpected"), MemoryConfigurationException.class));
    }

    private static Arguments c(String row, Throwable thrown, Class<? extends MemoryException> expected) {
        return Arguments.of(row, thrown, expected);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("cases")
    void eachRowMapsToExactlyOneTypeAndKeepsTheCause(String row, Throwable thrown, Class<? extends MemoryException> expected) {
        assertEquals(row, RedisErrorClassifier.classify(RedisErrorClassifier.unwrap(thrown)).row().name());
        MemoryException e = RedisErrorClassifier.translate(BACKEND, "append", thrown);
        assertSame(expected, e.getClass());
        assertSame(RedisErrorClassifier.unwrap(thrown), e.getCause(), "the driver exception is the cause");
        assertEquals("append", e.operation());
        assertEquals(BACKEND, e.backend());
        assertFalse(e.getMessage().contains("secret user content"), "command parameters stay out: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void everyRowHasACase() {
        Set<String> covered = cases().map(a -> (String) a.get()[0]).collect(Collectors.toCollection(TreeSet::new));
        Set<String> rows = RedisErrorClassifier.ROWS.stream().map(RedisErrorClassifier.Row::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(rows, covered);
        assertEquals(rows.size(), RedisErrorClassifier.ROWS.size(), "row names are unique");
    }

    @Test
    void aCycleInTheCauseChainEnds() {
        RedisException outer = new RedisException("outer");
        RedisException inner = new RedisException("inner", outer);
        outer.initCause(inner);
        assertInstanceOf(MemoryConfigurationException.class, RedisErrorClassifier.translate(BACKEND, "get", outer));
    }

    @Test
    void aMemoryExceptionPassesThroughUnchanged() {
        MemoryException original = new MemoryTimeoutException(BACKEND, "get", "already translated");
        assertSame(original, RedisErrorClassifier.translate(BACKEND, "get", original));
    }

    @Test
    void theLastRowCatchesEverything() {
        List<RedisErrorClassifier.Row> rows = RedisErrorClassifier.ROWS;
        assertTrue(rows.get(rows.size() - 1).matches(new Error("anything")));
    }
}
