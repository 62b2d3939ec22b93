/**
 * The agentmemory soak: private Redis and PostgreSQL servers that can be crashed and restarted on the same port and
 * data directory ({@link dev.agentmemory.soak.servers}, exported for the benchmarks and tests), and the soak run on
 * top of them ({@code bin/soak MINUTES}): writers and readers through the resilience decorator in
 * {@code BUFFER_WRITES} mode while the servers are killed at random moments, then a check of what was stored against
 * what every writer was told.
 *
 * <p>The stores come from {@link dev.agentmemory.MemoryStores}; the providers and the decorator are bound as
 * services. The provider modules are required for their option keys only.
 */
module dev.agentmemory.soak {
    requires dev.agentmemory.api;
    requires dev.agentmemory.redis;
    requires dev.agentmemory.postgres;
    requires dev.agentmemory.resilience;
    // RespClient: PrivateRedis asks its server PING and CLIENT LIST without a driver, which would count itself.
    requires dev.agentmemory.faultproxy;
    requires static org.jspecify;
    // PrivatePostgres counts connections in pg_stat_activity; DriverManager finds pgjdbc as a java.sql.Driver service.
    requires java.sql;
    // Heap after a full GC, for the soak's report.
    requires java.management;

    exports dev.agentmemory.soak.servers;
}
