package dev.agentmemory.resilience;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.tck.TestServer;
import dev.agentmemory.tck.TestServers;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Chaos against the real Redis (AGENTMEMORY_TEST_REDIS_URI) through the TCK's fault proxy: four writers, the
 * backend refused, reset and cut after the request, twice, then healed. No overall time limit: every wait inside
 * is bounded by what it waits for (see {@link ChaosScenario}), and the drain of the write buffer takes as long as
 * its backlog.
 */
class RedisChaosTest {

    private final TestServer redis = TestServers.redis();

    private final String prefix = "amt-chaos-" + UUID.randomUUID().toString().substring(0, 8);

    private ChaosScenario scenario() {
        String userInfo = userInfo(redis.uri());
        return new ChaosScenario(redis.address(), (host, port) -> "redis://" + userInfo + host + ":" + port,
                MemoryOptions.of("redis.key-prefix", prefix));
    }

    @AfterEach
    void deleteKeys() {
        RedisKeys.deleteAll(redis, prefix);
    }

    private static String userInfo(String uri) {
        int start = uri.indexOf("://") + 3;
        int at = uri.lastIndexOf('@');
        return at > start ? uri.substring(start, at + 1) : "";
    }

    @Test
    void bufferWritesKeepsEveryAcknowledgedAppendOnceAndInOrder() throws Exception {
        ChaosScenario.Outcome outcome = scenario().run(DegradationMode.BUFFER_WRITES, new RecordingListener());
        ChaosScenario.assertBufferWritesOutcome(outcome);
    }

    @Test
    void failModeWritesEverySuccessOnceAndNothingThatThrewTwice() throws Exception {
        ChaosScenario.Outcome outcome = scenario().run(DegradationMode.FAIL, new RecordingListener());
        ChaosScenario.assertFailOutcome(outcome);
    }
}
