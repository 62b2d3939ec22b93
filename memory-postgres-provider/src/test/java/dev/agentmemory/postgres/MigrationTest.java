package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.HashingEmbedder;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.SearchKind;
import dev.agentmemory.postgres.internal.VectorCodec;
import dev.agentmemory.NewEntry;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.LongTermMemory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Flyway migrations: a fresh schema, a repeated open, validate-only against a schema at the wrong version. */
class MigrationTest {

    private static final List<String> SCHEMAS = new ArrayList<>();

    @AfterAll
    static void dropSchemas() {
        SCHEMAS.forEach(PostgresTestSupport::dropSchema);
    }

    private static String schema(String what) {
        String s = PostgresTestSupport.newSchema("mig_" + what);
        SCHEMAS.add(s);
        return s;
    }

    @Test
    void freshSchemaIsCreatedAndMigratedOnFirstUseNotOnOpen() throws SQLException {
        String schema = schema("fresh");
        try (ShortTermMemory store = PostgresTestSupport.shortTerm(PostgresTestSupport.options(schema))) {
            assertEquals(List.of(), appliedVersions(schema), "opening does not touch the server");
            store.append(SessionRef.of("t", "a", "s"), NewEntry.of("user", "hi"));
            assertEquals(List.of("1", "2", "3", "4", "5", "6"), appliedVersions(schema));
        }
    }

    @Test
    void repeatedOpensApplyNothingTwiceAndKeepTheData() throws SQLException {
        String schema = schema("repeat");
        Scope scope = new Scope("t", "a");
        try (LongTermMemory first = PostgresTestSupport.longTerm(PostgresTestSupport.options(schema), 16)) {
            first.store(scope, NewMemory.builder("kept across opens").id("k").build());
        }
        for (int i = 0; i < 2; i++) {
            try (LongTermMemory again = PostgresTestSupport.longTerm(PostgresTestSupport.options(schema), 16)) {
                assertEquals("kept across opens", again.get(scope, "k").orElseThrow().content());
            }
        }
        assertEquals(List.of("1", "2", "3", "4", "5", "6"), appliedVersions(schema));
    }

    @Test
    void validateOnlyRefusesASchemaAtAnOlderVersionAndChangesNothing() throws SQLException {
        String schema = schema("old");
        migrateTo(schema, "1");
        assertEquals(List.of("1"), appliedVersions(schema));

        try (ShortTermMemory store = PostgresTestSupport.shortTerm(
                PostgresTestSupport.options(schema, PostgresOptions.MIGRATION.key(), "validate"))) {
            MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class,
                    () -> store.append(SessionRef.of("t", "a", "s"), NewEntry.of("user", "hi")));
            assertTrue(e.getMessage().contains("schema"), e.getMessage());
        }
        assertEquals(List.of("1"), appliedVersions(schema), "validate applies nothing");

        // The same schema migrated by a normal open is then accepted by validate-only stores.
        try (ShortTermMemory migrating = PostgresTestSupport.shortTerm(PostgresTestSupport.options(schema))) {
            migrating.size(SessionRef.of("t", "a", "s"));
        }
        try (ShortTermMemory validating = PostgresTestSupport.shortTerm(
                PostgresTestSupport.options(schema, PostgresOptions.MIGRATION.key(), "validate"))) {
            assertEquals(0, validating.size(SessionRef.of("t", "a", "s")));
        }
    }

    @Test
    void migrationNoneOnAMissingSchemaIsAConfigurationError() throws SQLException {
        String schema = schema("none");
        try (ShortTermMemory store = PostgresTestSupport.shortTerm(
                PostgresTestSupport.options(schema, PostgresOptions.MIGRATION.key(), "none"))) {
            MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class,
                    () -> store.size(SessionRef.of("t", "a", "s")));
            assertTrue(e.getMessage().contains("42"), e.getMessage());
        }
        assertEquals(List.of(), appliedVersions(schema));
    }

    @Test
    void aSchemaWithAnotherEmbeddingDimensionIsRefused() {
        String schema = schema("dim");
        Scope scope = new Scope("t", "a");
        try (LongTermMemory store = PostgresTestSupport.longTerm(PostgresTestSupport.options(schema), 16)) {
            store.store(scope, NewMemory.builder("sixteen").build());
        }
        try (LongTermMemory other = PostgresTestSupport.longTerm(PostgresTestSupport.options(schema), 32)) {
            MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class,
                    () -> other.store(scope, NewMemory.builder("thirty-two").build()));
            assertTrue(e.getMessage().contains("dimension 16"), e.getMessage());
        }
    }

    /** V5 adds content_tsv as a generated column: rows written before it are searchable by keyword at once. */
    @Test
    void keywordSearchFindsRowsWrittenBeforeTheKeywordMigration() throws SQLException {
        String schema = schema("v5");
        migrateTo(schema, "3");
        try (Connection c = PostgresTestSupport.connect(); PreparedStatement insert = c.prepareStatement("INSERT INTO \""
                + schema + "\".memories (tenant, agent, id, type, content, embedding, importance)"
                + " VALUES ('t', 'a', ?, 'SEMANTIC', ?, ?, 0.5)")) {
            for (String[] row : new String[][] {{"old1", "Zeppelins were rigid airships"}, {"old2", "Boats float"}}) {
                insert.setString(1, row[0]);
                insert.setString(2, row[1]);
                insert.setBytes(3, VectorCodec.encode(new HashingEmbedder(16).embed(row[1])));
                insert.executeUpdate();
            }
        }
        try (LongTermMemory store = PostgresTestSupport.longTerm(PostgresTestSupport.options(schema), 16)) {
            List<ScoredMemory> hits = store.search(new Scope("t", "a"),
                    MemoryQuery.text("zeppelin airship").kind(SearchKind.KEYWORD).build());
            assertEquals(List.of("old1"), hits.stream().map(h -> h.memory().id()).toList());
        }
        assertEquals(List.of("1", "2", "3", "4", "5", "6"), appliedVersions(schema));
    }

    /**
     * V6 moves the signatures to their own table: every memory gets the signature of its embedding, whether V4 wrote it
     * (kept) or the row predates V4 (computed by the migration from the stored float4 bytes, with +0 and -0 not
     * positive, as {@link VectorCodec#signBits} has it); the V4 column is gone, and a signature search with more
     * candidates than memories finds what the exact search finds.
     */
    @Test
    void signaturesOfRowsWrittenBeforeTheSignatureTableAreComputedByTheMigration() throws SQLException {
        String schema = schema("v6");
        float[][] vectors = {
            {0.5f, -0.5f, 0f, -0f, 1e-30f, -1e-30f, 3f, -3f, 0.1f, 0.2f, -0.3f, 0.4f, 0f, 0f, 0f, 0.7f},
            {-1f, 1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f, 1f},
            {1f, 1f, 1f, 1f, -0f, -0f, -0f, -0f, 2f, 2f, 2f, 2f, -2f, -2f, -2f, -2f},
        };
        migrateTo(schema, "3");
        insertRaw(schema, "before-v4", vectors[0], null);
        migrateTo(schema, "5");
        insertRaw(schema, "v4-signed", vectors[1], VectorCodec.signBits(vectors[1]));
        insertRaw(schema, "v4-unsigned", vectors[2], null);
        try (LongTermMemory store = PostgresTestSupport.longTerm(PostgresTestSupport.options(schema,
                PostgresOptions.SEARCH_MODE.key(), "signature"), 16);
             LongTermMemory exact = PostgresTestSupport.longTerm(PostgresTestSupport.options(schema,
                PostgresOptions.SEARCH_MODE.key(), "exact"), 16)) {
            MemoryQuery query = MemoryQuery.vector(vectors[0]).limit(3).minSimilarity(-1).build();
            assertEquals(exact.search(new Scope("t", "a"), query).stream().map(h -> h.memory().id()).toList(),
                    store.search(new Scope("t", "a"), query).stream().map(h -> h.memory().id()).toList());
        }
        assertEquals(List.of("1", "2", "3", "4", "5", "6"), appliedVersions(schema));
        String[] ids = {"before-v4", "v4-signed", "v4-unsigned"};
        try (Connection c = PostgresTestSupport.connect()) {
            for (int i = 0; i < ids.length; i++) {
                try (PreparedStatement select = c.prepareStatement("SELECT signature::text FROM \"" + schema
                        + "\".memory_signatures WHERE tenant = 't' AND agent = 'a' AND id = ?")) {
                    select.setString(1, ids[i]);
                    try (ResultSet r = select.executeQuery()) {
                        assertTrue(r.next(), ids[i]);
                        assertEquals(VectorCodec.signBits(vectors[i]), r.getString(1), ids[i]);
                    }
                }
            }
            try (PreparedStatement column = c.prepareStatement("SELECT count(*) FROM information_schema.columns "
                    + "WHERE table_schema = ? AND table_name = 'memories' AND column_name = 'embedding_signature'")) {
                column.setString(1, schema);
                try (ResultSet r = column.executeQuery()) {
                    r.next();
                    assertEquals(0, r.getLong(1), "the V4 column is dropped");
                }
            }
        }
    }

    private static void insertRaw(String schema, String id, float[] vector, String signature) throws SQLException {
        try (Connection c = PostgresTestSupport.connect(); PreparedStatement insert = c.prepareStatement("INSERT INTO \""
                + schema + "\".memories (tenant, agent, id, type, content, embedding, importance"
                + (signature == null ? "" : ", embedding_signature") + ") VALUES ('t', 'a', ?, 'SEMANTIC', ?, ?, 0.5"
                + (signature == null ? "" : ", CAST(? AS bit varying)") + ")")) {
            insert.setString(1, id);
            insert.setString(2, "memory " + id);
            insert.setBytes(3, VectorCodec.encode(vector));
            if (signature != null) {
                insert.setString(4, signature);
            }
            insert.executeUpdate();
        }
    }

    /** Applies the migrations up to {@code target} only, as an older release of the provider left the schema. */
    private static void migrateTo(String schema, String target) {
        PostgresSettings settings = PostgresSettings.parse(PostgresTestSupport.url(),
                PostgresTestSupport.options(schema));
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(PostgresTestSupport.url());
        PostgresDatabase.flyway(settings, ds, target).migrate();
    }

    private static List<String> appliedVersions(String schema) throws SQLException {
        try (Connection c = PostgresTestSupport.connect()) {
            try (PreparedStatement exists = c.prepareStatement(
                    "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
                exists.setString(1, schema);
                exists.setString(2, PostgresDatabase.HISTORY_TABLE);
                try (ResultSet r = exists.executeQuery()) {
                    if (!r.next()) {
                        return List.of();
                    }
                }
            }
            List<String> versions = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT version FROM \"" + schema + "\"."
                    + PostgresDatabase.HISTORY_TABLE + " WHERE success AND version IS NOT NULL ORDER BY installed_rank");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    versions.add(r.getString(1));
                }
            }
            return versions;
        }
    }
}
