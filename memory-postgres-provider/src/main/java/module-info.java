/**
 * The PostgreSQL provider of agentmemory: long-term memory (similarity search by pgvector, sign-bit signatures,
 * contrib {@code cube} or an exact scan) and short-term memory, for {@code postgresql://} URIs and
 * {@code jdbc:postgresql:} URLs.
 *
 * <p>Applications never name this module: {@code dev.agentmemory.api} binds it as a
 * {@link dev.agentmemory.spi.MemoryProvider} when it is on the module path. It exports one package, whose only
 * public types are the provider and the option keys a user configures; pgjdbc, Agroal, jOOQ and Flyway stay
 * inside. Its vector arithmetic ({@code dev.agentmemory.postgres.internal}) is exported to the benchmarks alone.
 */
module dev.agentmemory.postgres {
    requires dev.agentmemory.api;
    requires static org.jspecify;
    requires java.sql;
    requires org.jooq;
    requires com.github.benmanes.caffeine;
    requires org.postgresql.jdbc;
    requires io.agroal.api;
    // Agroal loads its pool implementation by reflection (ServiceLoader of AgroalDataSourceProvider).
    requires io.agroal.pool;
    requires flyway.core;
    // Flyway finds its PostgreSQL support by ServiceLoader; requiring it keeps it in the module graph.
    requires flyway.database.postgresql;

    exports dev.agentmemory.postgres;
    // The benchmarks' JDBC baseline encodes and projects vectors with this code, not a copy that could drift.
    exports dev.agentmemory.postgres.internal to dev.agentmemory.bench;

    provides dev.agentmemory.spi.MemoryProvider with dev.agentmemory.postgres.PostgresMemoryProvider;
}
