package dev.agentmemory.langchain4j;

import dev.agentmemory.LongTermMemory;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * The long-term store one test class of LangChain4j's suites runs against: {@code mem:} or PostgreSQL in a schema of
 * its own. Opened at first use (a PostgreSQL test is skipped there when {@code AGENTMEMORY_TEST_POSTGRES_URL} is not
 * set); {@link #close()} closes it and drops the schema.
 */
final class Backend implements AutoCloseable {

    private final @Nullable String schema;
    private @Nullable LongTermMemory memory;

    private Backend(@Nullable String schema) {
        this.schema = schema;
    }

    static Backend inMemory() {
        return new Backend(null);
    }

    static Backend postgres() {
        return new Backend(Stores.freshSchema());
    }

    synchronized LongTermMemory memory() {
        if (memory == null) {
            memory = schema == null ? Stores.inMemoryLongTerm() : Stores.postgresLongTerm(schema);
        }
        return memory;
    }

    /** A store over this backend for a scope no other test uses. */
    AgentMemoryEmbeddingStore freshStore() {
        return new AgentMemoryEmbeddingStore(memory(), Stores.freshScope());
    }

    @Override
    public synchronized void close() throws SQLException {
        if (memory != null) {
            memory.close();
        }
        if (schema != null) {
            Stores.dropSchema(schema);
        }
    }
}
