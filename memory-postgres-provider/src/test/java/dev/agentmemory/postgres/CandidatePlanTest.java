package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The signature search reads its candidates' rows by primary key, also right after a schema is made and loaded,
 * before autovacuum has analyzed it (here it never does: it is off for the tables): the store analyzes a schema that
 * was never analyzed after its first write, so the plan reads about as many rows of {@code memories} as there are
 * candidates, not the whole scope. Checked on the server's own generic plan ({@code EXPLAIN ANALYZE EXECUTE}), as the
 * provider runs its prepared statements: without the store's ANALYZE it read all 10,000 rows of the scope through
 * another index and compared each with every candidate ({@code id = ANY(nearest)}, 58 ms).
 */
class CandidatePlanTest {

    private static final int DIM = 384;
    private static final int MEMORIES = 10_000;
    private static final int WANTED = 300;
    private static final Pattern NODE = Pattern.compile("^\\s*(?:->\\s+)?\\S.*? on memories\\b.*?rows=(\\d+) loops=(\\d+)\\)");
    private static final Pattern REMOVED = Pattern.compile("Rows Removed by (?:Filter|Index Recheck|Join Filter): (\\d+)");

    private final String schemaName = PostgresTestSupport.newSchema("plan");

    @AfterEach
    void drop() {
        PostgresTestSupport.dropSchema(schemaName);
    }

    @Test
    void candidatesAreReadByPrimaryKeyRightAfterASchemaIsLoaded() throws SQLException, InterruptedException {
        Scope scope = new Scope("acme", "plan");
        Random random = new Random(3);
        try (LongTermMemory store = PostgresTestSupport.longTerm(PostgresTestSupport.options(schemaName,
                PostgresOptions.SEARCH_MODE.key(), "signature"), DIM)) {
            store.count(scope, dev.agentmemory.Filter.all());
            try (Connection c = PostgresTestSupport.connect(); Statement s = c.createStatement()) {
                for (String table : List.of("memories", "memory_signatures")) {
                    s.execute("ALTER TABLE \"" + schemaName + "\"." + table + " SET (autovacuum_enabled = false)");
                }
            }
            List<NewMemory> batch = new ArrayList<>();
            for (int i = 0; i < MEMORIES; i++) {
                batch.add(NewMemory.builder("memory " + i).id("m" + i).embedding(SearchTestData.random(random, DIM))
                        .build());
                if (batch.size() == 500) {
                    store.storeAll(scope, batch);
                    batch.clear();
                }
            }
        }
        MemorySchema schema = new MemorySchema(schemaName);
        DSLContext ctx = DSL.using(SQLDialect.POSTGRES);
        ResultQuery<Record> query = SimilaritySearch.nearestBySignature(ctx, schema, scope,
                schema.mTenant.eq(scope.tenant()).and(schema.mAgent.eq(scope.agent()))
                        .and(schema.mExpiresAt.isNull().or(schema.mExpiresAt.gt(DSL.currentInstant()))),
                SearchTestData.random(random, DIM), WANTED, List.<SelectField<?>>of(schema.mId, schema.mEmbedding));
        // The provider's statements are prepared on the server, and run with a generic plan (the values unknown to
        // the planner) once it is no dearer than a custom one: prepare and explain it the same way.
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char ch : ctx.render(query).toCharArray()) {
            numbered.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
        }
        StringBuilder arguments = new StringBuilder();
        for (Object value : ctx.extractBindValues(query)) {
            arguments.append(arguments.length() == 0 ? "" : ", ").append(ctx.renderInlined(DSL.inline(value)));
        }
        StringBuilder plan = new StringBuilder();
        try (Connection c = PostgresTestSupport.connect(); Statement s = c.createStatement()) {
            // The store's background ANALYZE, bounded by the statement timeout of its connection: wait longer.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            float tuples = -1;
            while (tuples < 0 && System.nanoTime() < deadline) {
                try (ResultSet r = s.executeQuery("SELECT reltuples FROM pg_class WHERE oid = '\"" + schemaName
                        + "\".memories'::regclass")) {
                    r.next();
                    tuples = r.getFloat(1);
                }
                if (tuples < 0) {
                    Thread.sleep(50);
                }
            }
            assertTrue(tuples >= 0, "the store did not analyze its never-analyzed schema within 60 s");
            s.execute("SET plan_cache_mode = force_generic_plan");
            s.execute("PREPARE candidates AS " + numbered);
            try (ResultSet r = s.executeQuery("EXPLAIN (ANALYZE) EXECUTE candidates(" + arguments + ")")) {
                while (r.next()) {
                    plan.append(r.getString(1)).append('\n');
                }
            }
        }
        long read = rowsReadFromMemories(plan.toString());
        assertTrue(read <= WANTED, "rows of memories read for " + WANTED + " candidates: " + read + "\n" + plan);
    }

    /** Rows each scan of {@code memories} produced or removed, times its loops, summed. */
    private static long rowsReadFromMemories(String plan) {
        long total = 0;
        String[] lines = plan.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher node = NODE.matcher(lines[i]);
            if (!node.find()) {
                continue;
            }
            long rows = Long.parseLong(node.group(1));
            long loops = Long.parseLong(node.group(2));
            for (int j = i + 1; j < lines.length && !lines[j].contains("->"); j++) {
                Matcher removed = REMOVED.matcher(lines[j]);
                if (removed.find()) {
                    rows += Long.parseLong(removed.group(1));
                }
            }
            total += rows * loops;
        }
        return total;
    }
}
