package dev.agentmemory.postgres;

import dev.agentmemory.Filter;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.Metadata;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A quick measurement, not part of the default build (tag {@code measurement}): which filters the GIN index
 * {@code memories_metadata} (jsonb_path_ops) serves. Stores 20,000 memories in one scope (and 2,000 in another),
 * vacuums (a GIN index's pending list is flushed then, as autovacuum does), and prints the plan and time of
 * {@code EXPLAIN ANALYZE} for the count query the provider renders for each filter.
 * Run: {@code mvn -o -q -B verify -pl memory-postgres-provider -am -DskipITs -Dtest=FilterPlanMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false -Dgroups=measurement -Dsurefire.excludedGroups=none}.
 */
@Tag("measurement")
class FilterPlanMeasurement {

    @Test
    void measure() throws SQLException {
        String schemaName = PostgresTestSupport.newSchema("plans");
        try {
            measure(schemaName);
        } finally {
            PostgresTestSupport.dropSchema(schemaName);
        }
    }

    private static void measure(String schemaName) throws SQLException {
        Scope scope = new Scope("acme", "bot");
        try (LongTermMemory store = PostgresTestSupport.longTerm(PostgresTestSupport.options(schemaName,
                PostgresOptions.SEARCH_MODE.key(), "exact"), 16)) {
            load(store, scope, 20_000);
            load(store, new Scope("acme", "other"), 2_000);
        }
        MemorySchema schema = new MemorySchema(schemaName);
        Map<String, Filter> filters = new LinkedHashMap<>();
        filters.put("eq 0.1% (user = u7)", Filter.eq("user", "u7"));
        filters.put("eq 5% (project = p7)", Filter.eq("project", "p7"));
        filters.put("in 0.3% (user IN u7, u8, u9)", Filter.in("user", "u7", "u8", "u9"));
        filters.put("eq number 1% (priority = 5)", Filter.eq("priority", 5));
        filters.put("exists 2% (archived)", Filter.exists("archived"));
        filters.put("gt 5% (priority > 94)", Filter.gt("priority", 94));
        filters.put("lt string 10% (project < p10)", Filter.lt("project", "p10"));
        filters.put("containsString 1.1% (user contains u77)", Filter.containsString("user", "u77"));
        filters.put("and eq + range (user = u7 AND priority > 50)",
                Filter.eq("user", "u7").and(Filter.gt("priority", 50)));
        filters.put("ne 95% (project != p7)", Filter.ne("project", "p7"));
        DSLContext render = DSL.using(SQLDialect.POSTGRES);
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "plans of count(scope, filter) at 20,000 memories in the scope, 22,000 in the table:%n"));
        try (Connection c = PostgresTestSupport.connect(); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE \"" + schemaName + "\".memories");
            for (Map.Entry<String, Filter> e : filters.entrySet()) {
                Condition where = schema.mTenant.eq(scope.tenant()).and(schema.mAgent.eq(scope.agent()))
                        .and(FilterCondition.of(schema.mMetadata, e.getValue()));
                String sql = render.selectCount().from(schema.memories).where(where).getSQL(ParamType.INLINED);
                // The first run warms the cache; the second is reported.
                explain(s, sql);
                List<String> plan = explain(s, sql);
                String scan = plan.stream().filter(l -> l.contains("Scan")).map(String::strip)
                        .reduce((a, b) -> a + " / " + b).orElse("?");
                String time = plan.stream().filter(l -> l.startsWith("Execution Time")).findFirst().orElse("?");
                report.append(String.format(Locale.ROOT, "  %-46s %-22s %s%n", e.getKey(), time.replace(
                        "Execution Time: ", ""), scan.replaceAll("\\(cost=[^)]*\\) ", "")));
            }
        }
        System.out.println(report);
    }

    private static List<String> explain(Statement s, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (ResultSet r = s.executeQuery("EXPLAIN (ANALYZE, TIMING ON) " + sql)) {
            while (r.next()) {
                lines.add(r.getString(1));
            }
        }
        return lines;
    }

    private static void load(LongTermMemory store, Scope scope, int count) {
        List<NewMemory> batch = new ArrayList<>(1000);
        for (int i = 0; i < count; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("project", "p" + (i % 20));
            m.put("priority", i % 100);
            m.put("user", "u" + (i % 1000));
            if (i % 50 == 0) {
                m.put("archived", true);
            }
            float[] v = new float[16];
            v[i % 16] = 1;
            batch.add(NewMemory.builder("memory " + i).id("m" + i).embedding(v).metadata(Metadata.of(m)).build());
            if (batch.size() == 1000) {
                store.storeAll(scope, batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            store.storeAll(scope, batch);
        }
    }
}
