package dev.agentmemory.bench.postgres;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.NewMemory;
import dev.agentmemory.bench.Servers;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Store new memories (384-dimension vectors given, so no embedding cost) one by one ({@code batch = 1}:
 * {@code store}) or {@code batch} at a time ({@code storeAll}), through the provider or through hand-written JDBC
 * sending the same {@code INSERT ... ON CONFLICT DO UPDATE ... RETURNING}. The schema
 * ({@code bench_<run>_store}, made by the driver) has the cube column and its GiST index, so every insert also
 * maintains the search index, as in production. Every stored memory has a new id: these are inserts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PostgresStoreBenchmark {

    /** Distinct vectors, cycled (ids stay unique). */
    private static final int VECTORS = 512;

    /** Memories per call: 1 ({@code store}) or more ({@code storeAll}). */
    @Param({"1", "100"})
    public int batch = 1;

    /** {@code provider} or {@code jdbc}. */
    @Param({"provider", "jdbc"})
    public String impl = "provider";

    private @Nullable LongTermMemory store;
    private @Nullable JdbcMemories jdbc;
    private final float[][] vectors = new float[VECTORS][];
    private String idPrefix = "";
    private long next;

    /** Opens the provider or the baseline. @throws SQLException if the server fails */
    @Setup(Level.Trial)
    public void open() throws SQLException {
        Servers servers = Servers.fromSystemProperties();
        String schema = servers.schema("store");
        ClusteredVectors source = new ClusteredVectors(ClusteredVectors.SEED + 1);
        for (int i = 0; i < VECTORS; i++) {
            vectors[i] = source.memory(i);
        }
        idPrefix = impl + "-" + batch + "-" + Long.toString(System.nanoTime(), 36) + "-";
        if (impl.equals("jdbc")) {
            jdbc = new JdbcMemories(servers.postgresUrl(), schema);
        } else {
            store = PostgresStores.open(servers.postgresUrl(), schema, "auto");
        }
    }

    /** Closes. @throws SQLException if closing the connection fails */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
        if (store != null) {
            store.close();
        }
        if (jdbc != null) {
            jdbc.close();
        }
    }

    /** @return what came back @throws SQLException if the JDBC baseline fails */
    @Benchmark
    public Object store() throws SQLException {
        if (jdbc != null) {
            List<JdbcMemories.Row> rows = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                long n = next++;
                String id = idPrefix + n;
                rows.add(new JdbcMemories.Row(id, PostgresStores.content(id), vectors[(int) (n % VECTORS)]));
            }
            return jdbc.store(PostgresStores.SCOPE.tenant(), PostgresStores.SCOPE.agent(), rows);
        }
        if (batch == 1) {
            long n = next++;
            return store.store(PostgresStores.SCOPE, PostgresStores.memory(idPrefix + n, vectors[(int) (n % VECTORS)]));
        }
        List<NewMemory> memories = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            long n = next++;
            memories.add(PostgresStores.memory(idPrefix + n, vectors[(int) (n % VECTORS)]));
        }
        return store.storeAll(PostgresStores.SCOPE, memories);
    }
}
