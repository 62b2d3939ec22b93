package dev.agentmemory.postgres;

import dev.agentmemory.Embedder;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.Option;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.spi.MemoryProvider;
import java.util.List;
import java.util.Set;

/**
 * The PostgreSQL provider, found by {@link java.util.ServiceLoader}: serves {@code postgresql://},
 * {@code postgres://} and {@code jdbc:postgresql:} addresses with long-term and short-term memory.
 * Applications do not use this class directly; they call {@link dev.agentmemory.MemoryStores}.
 *
 * <p>Opening validates the URI and every option at once ({@link MemoryConfigurationException}) but does not
 * connect: the pool is created, and the schema migrated, on first use; {@code connect=eager} does both while
 * opening. See {@link PostgresOptions} for the options. Thread-safe and stateless; every store has its own pool.
 */
public final class PostgresMemoryProvider implements MemoryProvider {

    /** The provider name, for the {@code provider} option. */
    public static final String NAME = "postgres";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public PostgresMemoryProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("postgresql", "postgres", "jdbc:postgresql");
    }

    /** Every option of {@link PostgresOptions#all()}. */
    @Override
    public List<Option<?>> options() {
        return PostgresOptions.all();
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.SHORT_TERM, Capability.LONG_TERM);
    }

    /**
     * Opens a short-term store on the tables {@code short_term_sessions} and {@code short_term_entries}.
     *
     * @throws MemoryConfigurationException if the URI or an option is invalid
     * @throws dev.agentmemory.MemoryException if {@code connect=eager} and the server cannot be used
     */
    @Override
    public ShortTermMemory openShortTerm(String uri, MemoryOptions options) {
        PostgresSettings settings = PostgresSettings.parse(uri, options);
        PostgresShortTermMemory store = new PostgresShortTermMemory(new PostgresDatabase(settings));
        if (settings.eager()) {
            try {
                store.connectNow();
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }
        return store;
    }

    /**
     * Opens a long-term store on the table {@code memories}, searching with the mode of option
     * {@link PostgresOptions#SEARCH_MODE}.
     *
     * @throws MemoryConfigurationException if the URI or an option is invalid
     * @throws dev.agentmemory.MemoryException if {@code connect=eager} and the server cannot be used
     */
    @Override
    public LongTermMemory openLongTerm(String uri, MemoryOptions options, Embedder embedder) {
        PostgresSettings settings = PostgresSettings.parse(uri, options);
        PostgresLongTermMemory store = new PostgresLongTermMemory(new PostgresDatabase(settings), embedder);
        if (settings.eager()) {
            try {
                store.connectNow();
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }
        return store;
    }
}
