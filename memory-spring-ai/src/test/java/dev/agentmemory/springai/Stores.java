package dev.agentmemory.springai;

import dev.agentmemory.HashingEmbedder;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Scope;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.tck.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** What the adapter's tests share: the embedder and the stores they run against. */
final class Stores {

    /** The dependency-free embedder, as the stores' Embedder and (bridged) as Spring AI's EmbeddingModel. */
    static final HashingEmbedder EMBEDDER = new HashingEmbedder(64);

    private Stores() {
    }

    static LongTermMemory inMemoryLongTerm() {
        return MemoryStores.longTerm("mem:", MemoryOptions.of("embedding.dimension", "64"), EMBEDDER);
    }

    /** A PostgreSQL long-term store in a schema of its own on the server {@code TestServers.postgres()} gives. */
    static LongTermMemory postgresLongTerm(String schema) {
        return MemoryStores.longTerm(postgresUrl(), MemoryOptions.of("embedding.dimension", "64", "postgres.schema", schema),
                EMBEDDER);
    }

    static ShortTermMemory redisShortTerm() {
        String uri = TestServers.redis().uri();
        return MemoryStores.shortTerm(uri, MemoryOptions.of("redis.key-prefix", "amt-springai:", "short-term.ttl", "10m"));
    }

    static ShortTermMemory postgresShortTerm(String schema) {
        return MemoryStores.shortTerm(postgresUrl(), MemoryOptions.of("postgres.schema", schema));
    }

    static String postgresUrl() {
        return TestServers.postgres().uri();
    }

    /** A schema name no other test class uses. */
    static String freshSchema() {
        return "amt_springai_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    }

    /** Drops a schema that a PostgreSQL store of these tests created. */
    static void dropSchema(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestServers.postgres().uri()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** A scope no other test uses. */
    static Scope freshScope() {
        return new Scope("springai-" + UUID.randomUUID().toString().substring(0, 8), "agent");
    }
}
