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
            assertEquals(List.of("1", "2", "3", "4", "5"), appliedVersions(schema));
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
        assertEquals(List.of("1", "2", "3", "4", "5"), appliedVersions(schema));
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
        assertEquals(List.of("1", "2", "3", "4", "5"), appliedVersions(schema));
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
