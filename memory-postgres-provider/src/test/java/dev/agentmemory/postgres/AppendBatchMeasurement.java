package dev.agentmemory.postgres;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A quick measurement, not part of the default build (tag {@code measurement}): 1,000 entries of one session
 * appended one by one, then in {@code appendAll} batches of 100, against the test server. Prints the times; asserts
 * nothing about them. Run: {@code mvn -o -pl memory-postgres-provider -am verify -Dtest=AppendBatchMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false -Dgroups=measurement -Dsurefire.excludedGroups=none -DskipITs}.
 */
@Tag("measurement")
class AppendBatchMeasurement {

    private static final System.Logger LOG = System.getLogger(AppendBatchMeasurement.class.getName());
    private static final int ENTRIES = 1_000;
    private static final int BATCH = 100;

    @Test
    void measure() {
        String schema = PostgresTestSupport.newSchema("batchbench");
        try (ShortTermMemory store = PostgresTestSupport.shortTerm(PostgresTestSupport.options(schema,
                MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), "2000"))) {
            store.append(SessionRef.of("acme", "bot", "warm-up"), NewEntry.of("user", "warm-up"));
            for (int round = 1; round <= 3; round++) {
                SessionRef single = SessionRef.of("acme", "bot", "single-" + round);
                long start = System.nanoTime();
                for (int i = 0; i < ENTRIES; i++) {
                    store.append(single, NewEntry.of("user", "turn " + i));
                }
                long singleNanos = System.nanoTime() - start;
                SessionRef batched = SessionRef.of("acme", "bot", "batched-" + round);
                start = System.nanoTime();
                for (int i = 0; i < ENTRIES; i += BATCH) {
                    List<NewEntry> batch = new ArrayList<>();
                    for (int k = i; k < i + BATCH; k++) {
                        batch.add(new NewEntry("e-" + k, "user", "turn " + k, Map.of(), 0.5));
                    }
                    store.appendAll(batched, batch);
                }
                long batchNanos = System.nanoTime() - start;
                LOG.log(System.Logger.Level.INFO, String.format("PostgreSQL round %d: %d appends one by one %d ms, "
                        + "in batches of %d %d ms", round, ENTRIES, singleNanos / 1_000_000, BATCH, batchNanos / 1_000_000));
            }
        } finally {
            PostgresTestSupport.dropSchema(schema);
        }
    }
}
