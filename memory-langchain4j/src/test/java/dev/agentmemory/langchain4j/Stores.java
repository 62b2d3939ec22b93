package dev.agentmemory.langchain4j;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Scope;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.agentmemory.tck.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** What the adapter's tests share: one offline MiniLM model and the stores they run against. */
final class Stores {

    /** Loading the ONNX model takes a second or two: every test class shares one. */
    static final EmbeddingModel MINI_LM = new AllMiniLmL6V2EmbeddingModel();

    private Stores() {
    }

    /** A {@code mem:} long-term store of MiniLM's dimension. */
    static LongTermMemory inMemoryLongTerm() {
        return MemoryStores.longTerm("mem:", MemoryOptions.of("embedding.dimension", String.valueOf(MINI_LM.dimension())));
    }

    /**
     * A PostgreSQL long-term store of MiniLM's dimension in a schema of its own (drop it with {@link #dropSchema}),
     * on the server {@link TestServers#postgres()} gives (the environment, else a container, else a failure that says how).
     */
    static LongTermMemory postgresLongTerm(String schema) {
        String url = TestServers.postgres().uri();
        return MemoryStores.longTerm(url, MemoryOptions.of("embedding.dimension", String.valueOf(MINI_LM.dimension()),
                "postgres.schema", schema));
    }

    /** A schema name no other test class uses. */
    static String freshSchema() {
        return "amt_lc4j_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    }

    /** Drops a schema that {@link #postgresLongTerm} created. */
    static void dropSchema(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestServers.postgres().uri()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** A scope no other test uses. */
    static Scope freshScope() {
        return new Scope("lc4j-" + UUID.randomUUID().toString().substring(0, 8), "agent");
    }
}
