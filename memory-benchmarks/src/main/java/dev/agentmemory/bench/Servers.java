package dev.agentmemory.bench;

import java.util.Locale;

/**
 * The servers a benchmark talks to and the id of the run, as passed from {@link BenchMain} to the JVMs that JMH
 * forks (as system properties, since a fork shares nothing else with its host). Every key and schema a run creates
 * carries the run id, so that runs never meet, and so that the run can remove exactly what it made.
 *
 * @param redisUri the Redis server, for example {@code redis://127.0.0.1:6379}
 * @param postgresUrl the PostgreSQL server, for example {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
 * @param runId lower-case letters and digits, unique per run
 */
public record Servers(String redisUri, String postgresUrl, String runId) {

    /** System property with {@link #redisUri()}. */
    public static final String REDIS_PROPERTY = "bench.redis";
    /** System property with {@link #postgresUrl()}. */
    public static final String POSTGRES_PROPERTY = "bench.postgres";
    /** System property with {@link #runId()}. */
    public static final String RUN_PROPERTY = "bench.run";

    /** Validates the run id, which becomes part of SQL identifiers and Redis keys. */
    public Servers {
        if (!runId.matches("[a-z0-9]{1,16}")) {
            throw new IllegalArgumentException("run id must be 1 to 16 lower-case letters or digits, got '" + runId + "'");
        }
    }

    /**
     * Reads the servers from the system properties that {@link #asJvmArguments()} set.
     *
     * @return the servers
     * @throws IllegalStateException if a property is missing: the benchmark was started outside {@code bin/bench}
     */
    public static Servers fromSystemProperties() {
        return new Servers(required(REDIS_PROPERTY), required(POSTGRES_PROPERTY), required(RUN_PROPERTY));
    }

    /** @return the JVM arguments that hand these servers to a forked JVM */
    public String[] asJvmArguments() {
        return new String[] {"-D" + REDIS_PROPERTY + "=" + redisUri, "-D" + POSTGRES_PROPERTY + "=" + postgresUrl,
            "-D" + RUN_PROPERTY + "=" + runId};
    }

    /** @return the Redis key prefix of this run's keys: {@code bench-<run>} plus a suffix per use */
    public String redisPrefix(String use) {
        return "bench-" + runId + "-" + use;
    }

    /** @return the PostgreSQL schema of this run for one use, a lower-case identifier */
    public String schema(String use) {
        return ("bench_" + runId + "_" + use).toLowerCase(Locale.ROOT);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set; run the benchmarks with "
                    + "bin/bench (or dev.agentmemory.bench.BenchMain), which sets it for every JMH fork");
        }
        return value;
    }
}
