package dev.agentmemory.postgres;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryBusyException;
import dev.agentmemory.MemoryClosedException;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryTimeoutException;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.postgres.PostgresOptions.Migration;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * One store's connection to PostgreSQL: an Agroal pool created on first use, a jOOQ context over it, and the
 * schema migrated (or validated) once, on first use. Every call goes through {@link #call} or
 * {@link #transaction}, which refuse work after {@link #close()} and translate every failure with
 * {@link SqlStateClassifier}.
 *
 * <p>Thread-safe. The pool and the migration are set up once, by one {@link SharedSetup} attempt that every
 * concurrent first call waits for, each at most {@link #setupBound()}, interruptibly; a failed setup (server down) is
 * retried by the next call.
 */
final class PostgresDatabase implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PostgresDatabase.class.getName());
    static final String MIGRATIONS = "classpath:META-INF/agentmemory/migrations";
    static final String HISTORY_TABLE = "flyway_schema_history";

    private final PostgresSettings settings;
    private final MemorySchema schema;
    private volatile @Nullable AgroalDataSource dataSource;
    private final Settings jooqSettings;
    private final PoolEvents events;
    /** Only its attempt's thread reads and writes it: one attempt runs at a time. */
    private boolean migrated;
    private final SharedSetup<AgroalDataSource> setup;
    private final java.util.concurrent.atomic.AtomicBoolean closedFlag = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;

    PostgresDatabase(PostgresSettings settings) {
        this.settings = settings;
        this.schema = new MemorySchema(settings.schema());
        this.events = new PoolEvents(settings.address(), settings.socketTimeout());
        this.jooqSettings = new Settings()
                .withQueryTimeout(settings.statementTimeoutSeconds())
                .withExecuteLogging(false)
                .withRenderSchema(true);
        this.setup = new SharedSetup<>("agentmemory-postgres-setup-" + settings.applicationName(), this::setUp);
    }

    PostgresSettings settings() {
        return settings;
    }

    MemorySchema schema() {
        return schema;
    }

    String address() {
        return settings.address();
    }

    /**
     * Runs work with the jOOQ context, in auto-commit mode (one statement, or reads).
     *
     * @param operation the API operation, for messages
     * @param work the work
     * @param <T> the result
     * @return the result
     * @throws MemoryException for every failure
     */
    <T> T call(String operation, Function<DSLContext, T> work) {
        AgroalDataSource ds = ready(operation);
        // The connection is borrowed and given back here, not inside jOOQ, so that no failure path can keep it.
        try (Connection connection = ds.getConnection()) {
            return work.apply(DSL.using(connection, SQLDialect.POSTGRES, jooqSettings));
        } catch (RuntimeException | SQLException e) {
            throw translate(operation, e);
        }
    }

    /**
     * Runs work in one transaction: all of it commits, or none of it.
     *
     * @param operation the API operation, for messages
     * @param work the work, given a context bound to the transaction
     * @param <T> the result
     * @return the result
     * @throws MemoryException for every failure
     */
    <T> T transaction(String operation, Function<DSLContext, T> work) {
        AgroalDataSource ds = ready(operation);
        try (Connection connection = ds.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(DSL.using(connection, SQLDialect.POSTGRES, jooqSettings));
                connection.commit();
                return result;
            } catch (RuntimeException | SQLException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (RuntimeException | SQLException e) {
            throw translate(operation, e);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            // The connection is probably gone; the pool's exception sorter drops it when it is given back.
            failure.addSuppressed(e);
        }
    }

    MemoryException translate(String operation, Throwable e) {
        if (closed && !(e instanceof MemoryException)) {
            return new MemoryClosedException(settings.address(), operation, "the store was closed during the call", e);
        }
        return SqlStateClassifier.translate(settings.address(), operation, e);
    }

    /** Opens the pool and migrates the schema now; for {@code connect=eager}. */
    void connectNow() {
        call("open", c -> c.selectOne().fetch());
    }

    /** The round trip of {@code health()}: never throws for a down server. */
    Health health(Map<String, String> attributes) {
        checkOpen("health");
        long start = System.nanoTime();
        Health health;
        try {
            String version = call("health", c -> c.fetchValue(DSL.function("current_setting", String.class, DSL.inline("server_version"))));
            health = Health.up("PostgreSQL " + version + " at " + settings.address() + ", schema "
                    + settings.schema(), Duration.ofNanos(System.nanoTime() - start));
        } catch (MemoryClosedException e) {
            throw e;
        } catch (MemoryBusyException e) {
            // The server answers but the pool (or the server) takes no more work now: DEGRADED, as Health says.
            health = Health.degraded(e.getMessage());
        } catch (MemoryException e) {
            health = Health.down(e.getMessage());
        }
        health = health.with("schema", settings.schema()).with("applicationName", settings.applicationName());
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            health = health.with(a.getKey(), a.getValue());
        }
        AgroalDataSource ds = dataSource;
        if (ds != null) {
            health = health.with("poolActive", Long.toString(ds.getMetrics().activeCount()))
                    .with("poolAvailable", Long.toString(ds.getMetrics().availableCount()));
        }
        return health;
    }

    void checkOpen(String operation) {
        if (closed) {
            throw new MemoryClosedException(settings.address(), operation, "the store is closed; open a new one");
        }
    }

    private AgroalDataSource ready(String operation) {
        checkOpen(operation);
        AgroalDataSource ds = setup.now();
        return ds != null ? ds : awaitSetup(setup, operation);
    }

    /**
     * How long one call waits for the first-use setup (pool, migrations) that it shares with every concurrent first
     * call: as long as one call may take to get a connection and an answer, {@code pool.acquire-timeout +
     * connect-timeout + response-timeout}. The setup itself is bounded by the same timeouts (a connect fails after
     * {@code connect-timeout}); a caller that gives up earlier leaves it running for the next caller.
     *
     * @return the bound
     */
    Duration setupBound() {
        return settings.acquireTimeout().plus(settings.connectTimeout()).plus(settings.responseTimeout());
    }

    /**
     * Waits for a first-use setup, at most {@link #setupBound()}, and translates what can go wrong.
     *
     * @param shared the setup
     * @param operation the API operation, for messages
     * @param <T> its result
     * @return its result
     * @throws MemoryException the setup's failure, a {@link MemoryTimeoutException} if it took longer than the bound,
     *     a {@link MemoryUnavailableException} if this thread was interrupted (the interrupt flag stays set)
     */
    <T> T awaitSetup(SharedSetup<T> shared, String operation) {
        Duration bound = setupBound();
        try {
            return shared.await(bound);
        } catch (ExecutionException e) {
            throw translate(operation, e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            checkOpen(operation);
            throw new MemoryTimeoutException(settings.address(), operation, "connecting and preparing the schema on "
                    + "first use did not finish within " + bound.toMillis() + " ms (pool.acquire-timeout + "
                    + "connect-timeout + response-timeout); it goes on, and the next call waits for it again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemoryUnavailableException(settings.address(), operation, "interrupted while waiting for the "
                    + "first use's connection and schema setup", e);
        }
    }

    /** One attempt of the first-use setup; {@link SharedSetup} runs one at a time. */
    private AgroalDataSource setUp() throws SQLException {
        checkOpen("open");
        AgroalDataSource ds = dataSource;
        if (ds == null) {
            ds = createPool();
            dataSource = ds;
            if (closed) {
                // close() ran while the pool was being created and did not see it: close it here.
                ds.close();
                checkOpen("open");
            }
        }
        if (!migrated) {
            migrate();
            migrated = true;
        }
        return ds;
    }

    private AgroalDataSource createPool() throws SQLException {
        AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier()
                .metricsEnabled(true)
                .connectionPoolConfiguration(pool -> pool
                        .initialSize(0)
                        .minSize(settings.poolMinSize())
                        .maxSize(settings.poolMaxSize())
                        // Never Agroal's default of zero, which waits forever.
                        .acquisitionTimeout(settings.acquireTimeout())
                        // One layer owns retries (the resilience decorator): a refused connect fails the call at
                        // once instead of being retried by the pool after a second.
                        .establishmentRetryAttempts(0)
                        .validationTimeout(settings.validationInterval())
                        .idleValidationTimeout(settings.idleValidation())
                        .connectionValidator(ConnectionValidator.defaultValidatorWithTimeout(
                                (int) PostgresSettings.ceilSeconds(settings.connectTimeout())))
                        .exceptionSorter(new PostgreSQLExceptionSorter())
                        .leakTimeout(settings.leakTimeout())
                        .maxLifetime(settings.maxLifetime())
                        .connectionFactoryConfiguration(factory -> {
                            factory.jdbcUrl(settings.jdbcUrl())
                                    // No login timeout: see PostgresSettings.driverProperties().
                                    .connectionProviderClass(org.postgresql.Driver.class)
                                    .autoCommit(true);
                            settings.driverProperties().forEach((k, v) -> factory.jdbcProperty((String) k, (String) v));
                            if (settings.username() != null) {
                                factory.principal(new NamePrincipal(settings.username()));
                            }
                            if (settings.password() != null) {
                                factory.credential(new SimplePassword(settings.password()));
                            }
                            return factory;
                        }));
        AgroalDataSource ds = AgroalDataSource.from(config, events);
        LOG.log(Level.DEBUG, "opened a pool of {0} to {1} for {2}", settings.poolMinSize() + ".." + settings.poolMaxSize(),
                settings.address(), settings.applicationName());
        return ds;
    }

    private void migrate() {
        if (settings.migration() == Migration.NONE) {
            return;
        }
        Flyway flyway = flyway(settings, dataSource(), null);
        if (settings.migration() == Migration.VALIDATE) {
            flyway.validate();
        } else {
            int applied = flyway.migrate().migrationsExecuted;
            if (applied > 0) {
                LOG.log(Level.INFO, "applied {0} migration(s) to schema {1} at {2}", applied, settings.schema(),
                        settings.address());
            }
        }
    }

    /**
     * The Flyway setup of a store; tests use it to bring a schema to an older version.
     *
     * @param settings the settings
     * @param dataSource where to migrate
     * @param target the last version to apply, or null for all
     * @return the configured Flyway
     */
    static Flyway flyway(PostgresSettings settings, javax.sql.DataSource dataSource, @Nullable String target) {
        var configuration = Flyway.configure(PostgresDatabase.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(settings.schema())
                .defaultSchema(settings.schema())
                .createSchemas(true)
                .table(HISTORY_TABLE)
                .locations(MIGRATIONS)
                .connectRetries(0)
                .validateMigrationNaming(true)
                .cleanDisabled(true);
        if (target != null) {
            configuration = configuration.target(target);
        }
        return configuration.load();
    }

    private AgroalDataSource dataSource() {
        AgroalDataSource ds = dataSource;
        if (ds == null) {
            throw new IllegalStateException("pool not created");
        }
        return ds;
    }

    /**
     * Gives back every connection and stops the pool's threads; returns when no connection of the store can send
     * another byte. Idempotent.
     *
     * <p>How long it takes: at most {@code close-timeout} for the pool, plus, while a connection is being made to a
     * server that has stopped answering, the rest of that connection's attempt, which ends at most three times
     * {@code connect-timeout} after it began ({@link PostgresSettings#connectionBound()}). A half-made connection
     * cannot be cut short from here, and one left behind would log in, or send a Terminate, after close() returned.
     */
    @Override
    public void close() {
        // Does not wait for a setup attempt first: one stuck on an unreachable server must not hold close() up.
        if (!closedFlag.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        // Before the pool closes: a connection whose creation has not started yet is never opened, and one that is
        // being made is let finish (and closed at once): nothing can stop it half made.
        events.refuseNewConnections();
        long start = System.nanoTime();
        AgroalDataSource ds = dataSource;
        if (ds != null) {
            if (events.awaitCreations(settings.connectionBound().plus(settings.closeTimeout())) && events.creating()) {
                LOG.log(Level.WARNING, "a connection to {0} was still being made {1} ms after close() began; it is "
                        + "left to end by itself", settings.address(), (System.nanoTime() - start) / 1_000_000);
            }
            start = System.nanoTime();
            try {
                ds.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing the pool to " + settings.address() + " failed: " + e.getMessage(), e);
            }
            events.finishClose(settings.closeTimeout().minusNanos(System.nanoTime() - start));
        }
        // With the pool closed, a setup attempt still running fails at once; let it end before returning.
        setup.awaitQuiet(settings.closeTimeout().minusNanos(System.nanoTime() - start));
    }
}
