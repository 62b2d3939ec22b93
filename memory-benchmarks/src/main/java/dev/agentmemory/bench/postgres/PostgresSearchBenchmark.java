package dev.agentmemory.bench.postgres;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.bench.Servers;
import dev.agentmemory.postgres.PostgresOptions;
import java.sql.SQLException;
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
 * Top-10 similarity search among {@code memories} clustered 384-dimension vectors in one agent's scope, in one
 * search mode, through the provider or through hand-written JDBC ({@link JdbcMemories}) doing the same queries. The
 * data is loaded beforehand by the driver ({@link PostgresStores#load}) into schema {@code bench_<run>_search_<n>};
 * queries cycle through {@value #QUERIES} fixed query vectors that are not stored memories. No similarity
 * threshold ({@code minSimilarity = -1}), so every search returns 10 hits and recall is defined.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PostgresSearchBenchmark {

    /** Distinct query vectors, cycled. */
    public static final int QUERIES = 64;
    /** Hits per search. */
    public static final int LIMIT = 10;

    /** Memories in the scope. */
    @Param({"1000", "10000"})
    public int memories = 1000;

    /** {@code exact}, {@code cube} or {@code pgvector}. */
    @Param({"exact", "cube"})
    public String mode = "exact";

    /** {@code provider} or {@code jdbc}. */
    @Param({"provider", "jdbc"})
    public String impl = "provider";

    private @Nullable LongTermMemory store;
    private @Nullable JdbcMemories jdbc;
    private final float[][] queries = new float[QUERIES][];
    private int next;

    /** Opens the provider or the JDBC baseline on the loaded schema. @throws SQLException if the server fails */
    @Setup(Level.Trial)
    public void open() throws SQLException {
        Servers servers = Servers.fromSystemProperties();
        String schema = servers.schema("search_" + memories);
        ClusteredVectors vectors = new ClusteredVectors(ClusteredVectors.SEED);
        for (int q = 0; q < QUERIES; q++) {
            queries[q] = vectors.query(q);
        }
        if (impl.equals("jdbc")) {
            jdbc = new JdbcMemories(servers.postgresUrl(), schema);
        } else {
            store = PostgresStores.open(servers.postgresUrl(), schema, mode);
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

    /** @return the hits @throws SQLException if the JDBC baseline fails */
    @Benchmark
    public Object search() throws SQLException {
        float[] query = queries[next++ & (QUERIES - 1)];
        if (jdbc != null) {
            return jdbc.search(PostgresStores.SCOPE.tenant(), PostgresStores.SCOPE.agent(), query, mode, LIMIT,
                    PostgresOptions.DEFAULT_CANDIDATES);
        }
        return store.search(PostgresStores.SCOPE, MemoryQuery.vector(query).limit(LIMIT).minSimilarity(-1).build());
    }
}
