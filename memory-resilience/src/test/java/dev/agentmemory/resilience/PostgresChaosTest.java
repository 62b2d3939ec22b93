package dev.agentmemory.resilience;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.tck.TestServer;
import dev.agentmemory.tck.TestServers;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Chaos against the real PostgreSQL (AGENTMEMORY_TEST_POSTGRES_URL) through the TCK's fault proxy: four writers,
 * the backend refused, reset and cut after the request, twice, then healed. Each run has its own schema, dropped
 * afterwards. No overall time limit: every wait inside is bounded by what it waits for (see {@link ChaosScenario}),
 * and the drain of the write buffer takes as long as its backlog.
 */
class PostgresChaosTest {

    private final TestServer postgres = TestServers.postgres();
    private final String schema = ("amt_chaos_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);

    private ChaosScenario scenario() {
        return new ChaosScenario(postgres.address(), (host, port) -> PostgresFixture.uriFor(postgres, host, port),
                MemoryOptions.of("postgres.schema", schema));
    }

    @AfterEach
    void dropSchema() {
        PostgresFixture.dropSchema(postgres, schema);
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
