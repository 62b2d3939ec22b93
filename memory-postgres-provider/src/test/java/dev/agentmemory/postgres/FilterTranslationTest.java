package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Filter;
import dev.agentmemory.InvalidMemoryRequestException;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.Metadata;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.tck.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL translation of typed metadata and filters: values round-trip at every type's limits, the SQL of
 * every filter gives exactly what {@link Filter#test} gives (on generated memories and generated filters, for count,
 * list, search and delete), and hostile keys and values are bind values that cannot change the statement.
 */
class FilterTranslationTest {

    private static final String SCHEMA = PostgresTestSupport.newSchema("filter");
    private static final int DIM = 16;
    private static final List<String> KEYS = List.of("a", "b", "c", "d", "e");
    private static final UUID U1 = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
    private static final UUID U2 = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    /** Values chosen to meet at the edges: across number types, at type limits, code point order, LIKE wildcards. */
    private static final List<Object> VALUES = List.of(
            0, 1, -1, 3, Integer.MAX_VALUE, Integer.MIN_VALUE,
            3L, Long.MAX_VALUE, Long.MIN_VALUE, 9007199254740993L, 9007199254740992L, (long) Integer.MAX_VALUE,
            0.1f, 3.0f, -0.0f, Float.MIN_VALUE, 1.5f, -Float.MAX_VALUE,
            0.1, 3.0, 0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 9007199254740992.0,
            (double) 0.1f, 1.5, 9.223372036854775807E18,
            "", "3", "a", "A", "ab", "abc", "b", "%", "_", "\\", "a%b", "a_b", "\uFFFF", "\uD83D\uDE00", "é", "true",
            "0.1", U1.toString(), "ü\n\"x'",
            U1, U2,
            true, false);
    private static final List<String> PARTS = List.of("", "a", "b", "%", "_", "\\", "%b", "\uD83D\uDE00", "9f",
            "x'");

    private static LongTermMemory store;

    @BeforeAll
    static void open() {
        store = PostgresTestSupport.longTerm(PostgresTestSupport.options(SCHEMA,
                PostgresOptions.SEARCH_MODE.key(), "exact"), DIM);
    }

    @AfterAll
    static void close() {
        store.close();
        PostgresTestSupport.dropSchema(SCHEMA);
    }

    @Test
    void everyTypeRoundTripsAtItsLimitsAsTheSameTypeAndValue() throws SQLException {
        Scope scope = new Scope("roundtrip", "bot");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("string", "text \"quoted\" \\ ü \uD83D\uDE00");
        values.put("string-number", "3");
        values.put("string-bool", "true");
        values.put("uuid", U1);
        values.put("int-min", Integer.MIN_VALUE);
        values.put("int-max", Integer.MAX_VALUE);
        values.put("long-min", Long.MIN_VALUE);
        values.put("long-max", Long.MAX_VALUE);
        values.put("float-min", Float.MIN_VALUE);
        values.put("float-max", Float.MAX_VALUE);
        values.put("float-neg-max", -Float.MAX_VALUE);
        values.put("float-neg-zero", -0.0f);
        values.put("float-zero", 0.0f);
        values.put("float-tenth", 0.1f);
        values.put("double-min", Double.MIN_VALUE);
        values.put("double-neg-min", -Double.MIN_VALUE);
        values.put("double-max", Double.MAX_VALUE);
        values.put("double-neg-max", -Double.MAX_VALUE);
        values.put("double-neg-zero", -0.0);
        values.put("double-zero", 0.0);
        values.put("double-tenth", 0.1);
        values.put("double-normal-min", Double.MIN_NORMAL);
        values.put("true", true);
        values.put("false", false);
        Metadata metadata = Metadata.of(values);

        Memory stored = store.store(scope, NewMemory.builder("every type").id("all").metadata(metadata).build());
        Memory read = store.get(scope, "all").orElseThrow();
        for (Memory m : List.of(stored, read, store.list(scope, 10).get(0),
                store.search(scope, MemoryQuery.text("every type").build()).get(0).memory())) {
            assertEquals(metadata, m.metadata());
            values.forEach((k, v) -> {
                Object back = m.metadata().get(k);
                assertEquals(v.getClass(), back.getClass(), k);
                // equals of Float and Double compares bits: -0.0 is not 0.0, MIN_VALUE is itself.
                assertEquals(v, back, k);
            });
        }

        // The metadata column holds native JSON that SQL compares: exact numbers, booleans, strings.
        try (Connection c = PostgresTestSupport.connect(); PreparedStatement p = c.prepareStatement(
                "SELECT jsonb_typeof(metadata -> 'long-max'), metadata ->> 'long-max',"
                        + " jsonb_typeof(metadata -> 'true'),"
                        + " jsonb_typeof(metadata -> 'uuid'), (metadata ->> 'double-min')::numeric = ?::numeric,"
                        + " metadata_types ->> 'double-neg-zero', metadata_types ?? 'string'"
                        + " FROM \"" + SCHEMA + "\".memories WHERE tenant = 'roundtrip'")) {
            p.setString(1, new java.math.BigDecimal(Double.MIN_VALUE).toPlainString());
            try (ResultSet r = p.executeQuery()) {
                assertTrue(r.next());
                assertEquals("number", r.getString(1));
                assertEquals(Long.toString(Long.MAX_VALUE), r.getString(2));
                assertEquals("boolean", r.getString(3));
                assertEquals("string", r.getString(4));
                assertTrue(r.getBoolean(5), "Double.MIN_VALUE is stored as its exact decimal value");
                assertEquals("double:-0", r.getString(6));
                assertFalse(r.getBoolean(7), "a String has no recorded type");
            }
        }
    }

    @Test
    void generatedFiltersGiveWhatFilterTestGivesForCountListSearchAndDelete() {
        Random random = new Random(13);
        Scope scope = new Scope("generated", "bot");
        Scope neighbour = new Scope("generated", "neighbour");
        List<NewMemory> memories = generatedMemories(random, 300);
        store.storeAll(scope, memories);
        // A neighbour scope with the same metadata: no filter reaches it.
        store.storeAll(neighbour, memories.subList(0, 100));
        Map<String, Metadata> byId = memories.stream().collect(Collectors.toMap(NewMemory::id, NewMemory::metadata));

        int nonTrivial = 0;
        for (int i = 0; i < 400; i++) {
            Filter filter = randomFilter(random, 3);
            Set<String> expected = byId.entrySet().stream().filter(e -> filter.test(e.getValue()))
                    .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
            if (!expected.isEmpty() && expected.size() < memories.size()) {
                nonTrivial++;
            }
            assertEquals(expected.size(), store.count(scope, filter), () -> "count of " + filter);
            List<Memory> listed = store.list(scope, filter, MemoryDefaults.SEARCH_MAX_LIMIT);
            assertEquals(Math.min(expected.size(), MemoryDefaults.SEARCH_MAX_LIMIT), listed.size(),
                    () -> "list of " + filter);
            for (Memory m : listed) {
                assertTrue(expected.contains(m.id()), () -> "list of " + filter + " returned " + m.id()
                        + " with " + m.metadata());
            }
            List<ScoredMemory> found = store.search(scope, MemoryQuery.text("memory " + random.nextInt(300))
                    .filter(filter).minSimilarity(-1).limit(MemoryDefaults.SEARCH_MAX_LIMIT).build());
            assertEquals(Math.min(expected.size(), MemoryDefaults.SEARCH_MAX_LIMIT), found.size(),
                    () -> "search of " + filter);
            for (ScoredMemory s : found) {
                assertTrue(expected.contains(s.memory().id()), () -> "search of " + filter + " returned "
                        + s.memory().id() + " with " + s.memory().metadata());
            }
            if (expected.size() <= MemoryDefaults.SEARCH_MAX_LIMIT) {
                assertEquals(expected, listed.stream().map(Memory::id).collect(Collectors.toCollection(TreeSet::new)),
                        () -> "list of " + filter);
            }
        }
        assertTrue(nonTrivial > 200, "most generated filters keep some but not all memories: " + nonTrivial);

        // Delete by filter removes exactly what count counted, and nothing of the neighbour's.
        for (int i = 0; i < 8; i++) {
            Filter filter = randomFilter(random, 2);
            long counted = store.count(scope, filter);
            long expected = byId.values().stream().filter(filter::test).count();
            assertEquals(expected, counted, () -> "count of " + filter);
            assertEquals(counted, store.deleteAll(scope, filter), () -> "deleteAll of " + filter);
            assertEquals(0, store.count(scope, filter), () -> "after deleteAll of " + filter);
            assertEquals(memories.size() - expected, store.count(scope, Filter.all()), () -> "rest after " + filter);
            assertEquals(100, store.count(neighbour, Filter.all()));
            store.storeAll(scope, memories);
        }
    }

    @Test
    void hostileKeysAndValuesAreBindValuesThatCannotChangeTheStatement() throws SQLException {
        Scope scope = new Scope("hostile", "bot");
        Scope neighbour = new Scope("hostile", "neighbour");
        store.store(neighbour, NewMemory.builder("neighbour").id("n").metadata(Metadata.of("k", "v")).build());
        MemorySchema schema = new MemorySchema(SCHEMA);
        DSLContext render = DSL.using(SQLDialect.POSTGRES);
        List<String> hostile = hostileValues();
        int used = 0;
        for (String h : hostile) {
            Metadata metadata;
            try {
                metadata = Metadata.of(h, h, "plain", h);
            } catch (InvalidMemoryRequestException rejected) {
                continue; // a key the API refuses before any I/O: nothing to translate
            }
            used++;
            store.store(scope, NewMemory.builder("hostile " + used).id("h" + used).metadata(metadata).build());
            Memory back = store.get(scope, "h" + used).orElseThrow();
            assertEquals(metadata, back.metadata(), () -> HostileText.of(h));
            for (Filter[] pair : List.of(
                    new Filter[] {Filter.eq(h, h), Filter.eq("k", "v")},
                    new Filter[] {Filter.in(h, h, "x"), Filter.in("k", "v", "x")},
                    new Filter[] {Filter.gt(h, h), Filter.gt("k", "v")},
                    new Filter[] {Filter.lte(h, 3), Filter.lte("k", 4)},
                    new Filter[] {Filter.containsString(h, h), Filter.containsString("k", "v")},
                    new Filter[] {Filter.missing(h), Filter.missing("k")},
                    new Filter[] {Filter.eq("plain", h).and(Filter.ne(h, "x")),
                        Filter.eq("p", "v").and(Filter.ne("k", "x"))})) {
                Filter filter = pair[0];
                // The same SQL text as for a plain key and value: the hostile text is only ever a bind value.
                assertEquals(render.render(FilterCondition.of(schema.mMetadata, pair[1])),
                        render.render(FilterCondition.of(schema.mMetadata, filter)), () -> HostileText.of(h));
                long expected = filter.test(metadata) ? 1 : 0;
                assertEquals(expected, store.count(scope, Filter.eq("plain", h).and(filter)),
                        () -> filter + " for " + HostileText.of(h));
            }
        }
        assertTrue(used > 20, "most hostile ids are legal keys: " + used);
        assertEquals(used, store.count(scope, Filter.all()));
        assertEquals(used, store.deleteAll(scope, Filter.exists("plain")));
        // Nothing else in the schema changed: the neighbour's memory and the tables are all there.
        assertEquals(1, store.count(neighbour, Filter.all()));
        try (Connection c = PostgresTestSupport.connect(); PreparedStatement p = c.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = ?")) {
            p.setString(1, SCHEMA);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                assertEquals(6, r.getInt(1),
                        "schema_settings, memories, memory_signatures, two short-term tables, flyway history");
            }
        }
    }

    @Test
    void deleteByFilterDeletesExpiredMatchesTooAndCountsThem() throws SQLException {
        Scope scope = new Scope("expired", "bot");
        store.storeAll(scope, List.of(
                NewMemory.builder("live").id("live").metadata(Metadata.of("k", 1)).build(),
                NewMemory.builder("expired").id("expired").metadata(Metadata.of("k", 2L)).build(),
                NewMemory.builder("other").id("other").metadata(Metadata.of("k", "1")).build()));
        try (Connection c = PostgresTestSupport.connect(); PreparedStatement p = c.prepareStatement(
                "UPDATE \"" + SCHEMA + "\".memories SET expires_at = now() - interval '1 hour'"
                        + " WHERE tenant = 'expired' AND id = 'expired'")) {
            assertEquals(1, p.executeUpdate());
        }
        Filter numbers = Filter.gte("k", 1.0);
        assertEquals(1, store.count(scope, numbers), "an expired memory is not counted");
        assertEquals(1, store.list(scope, numbers, 10).size());
        assertEquals(2, store.deleteAll(scope, numbers), "but it is deleted, and reported");
        assertEquals(List.of("other"), store.list(scope, 10).stream().map(Memory::id).toList());
    }

    @Test
    void stringOrderIsByCodePointWhateverTheDatabaseCollation() {
        // This test database's collation is C.UTF-8 already, where the generated filters check the order itself;
        // elsewhere only the explicit collation keeps a locale's order out.
        String sql = DSL.using(SQLDialect.POSTGRES).render(FilterCondition.of(new MemorySchema(SCHEMA).mMetadata,
                Filter.gt("k", "\uD83D\uDE00")));
        assertTrue(sql.toLowerCase(java.util.Locale.ROOT).contains("collate \"c\""), sql);
        Scope scope = new Scope("order", "bot");
        store.storeAll(scope, List.of(
                NewMemory.builder("bmp").id("bmp").metadata(Metadata.of("k", "\uFFFF")).build(),
                NewMemory.builder("astral").id("astral").metadata(Metadata.of("k", "\uD83D\uDE00")).build()));
        // UTF-16 order (String.compareTo) would put the surrogate pair first; code point order puts it last.
        assertEquals("astral", store.list(scope, Filter.gt("k", "\uFFFF"), 10).get(0).id());
        assertEquals(1, store.count(scope, Filter.gt("k", "\uFFFF")));
    }

    @Test
    void rowsWrittenBeforeTypedMetadataReadBackAsStringsAndFilter() throws SQLException {
        String schema = PostgresTestSupport.newSchema("filter_v2");
        try {
            PostgresSettings settings = PostgresSettings.parse(PostgresTestSupport.url(),
                    PostgresTestSupport.options(schema));
            org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
            ds.setURL(PostgresTestSupport.url());
            PostgresDatabase.flyway(settings, ds, "2").migrate();
            try (Connection c = PostgresTestSupport.connect(); PreparedStatement p = c.prepareStatement(
                    "INSERT INTO \"" + schema + "\".memories (tenant, agent, id, type, content, embedding, importance,"
                            + " metadata) VALUES ('t', 'a', 'old', 'SEMANTIC', 'old', ?, 0.5,"
                            + " '{\"priority\": \"3\", \"project\": \"apollo\"}')")) {
                p.setBytes(1, new byte[DIM * Float.BYTES]);
                assertEquals(1, p.executeUpdate());
            }
            try (LongTermMemory upgraded = PostgresTestSupport.longTerm(PostgresTestSupport.options(schema), DIM)) {
                Scope scope = new Scope("t", "a");
                assertEquals(Metadata.of("priority", "3", "project", "apollo"),
                        upgraded.get(scope, "old").orElseThrow().metadata());
                assertEquals(1, upgraded.count(scope, Filter.eq("priority", "3")));
                assertEquals(0, upgraded.count(scope, Filter.eq("priority", 3)), "a String is not a number");
                assertEquals(1, upgraded.count(scope, Filter.gt("project", "a")));
            }
        } finally {
            PostgresTestSupport.dropSchema(schema);
        }
    }

    private static List<NewMemory> generatedMemories(Random random, int count) {
        List<NewMemory> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            for (String key : KEYS) {
                if (random.nextInt(10) < 6) {
                    metadata.put(key, VALUES.get(random.nextInt(VALUES.size())));
                }
            }
            out.add(NewMemory.builder("memory " + i).id("m" + i).metadata(metadata).build());
        }
        return out;
    }

    private static Filter randomFilter(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 14 : 11);
        String key = KEYS.get(random.nextInt(KEYS.size()));
        Object value = VALUES.get(random.nextInt(VALUES.size()));
        Object ordered = value instanceof Boolean ? VALUES.get(random.nextInt(6)) : value;
        return switch (kind) {
            case 0 -> Filter.eq(key, value);
            case 1 -> Filter.ne(key, value);
            case 2 -> Filter.gt(key, ordered);
            case 3 -> Filter.gte(key, ordered);
            case 4 -> Filter.lt(key, ordered);
            case 5 -> Filter.lte(key, ordered);
            case 6 -> Filter.in(key, randomValues(random));
            case 7 -> Filter.notIn(key, randomValues(random));
            case 8 -> Filter.containsString(key, PARTS.get(random.nextInt(PARTS.size())));
            case 9 -> Filter.exists(key);
            case 10 -> Filter.missing(key);
            case 11 -> Filter.and(randomFilter(random, depth - 1), randomFilter(random, depth - 1));
            case 12 -> Filter.or(randomFilter(random, depth - 1), randomFilter(random, depth - 1),
                    randomFilter(random, depth - 1));
            default -> Filter.not(randomFilter(random, depth - 1));
        };
    }

    private static List<Object> randomValues(Random random) {
        List<Object> values = new ArrayList<>();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            values.add(VALUES.get(random.nextInt(VALUES.size())));
        }
        return values;
    }

    /** The hostile-id corpus of the TCK, decoded as the TCK decodes it. */
    private static List<String> hostileValues() {
        try (InputStream in = Await.class.getResourceAsStream("hostile-ids.txt")) {
            assertTrue(in != null, "the TCK's hostile-ids.txt is on the test path");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> out = new ArrayList<>();
            boolean header = true;
            String line;
            while ((line = reader.readLine()) != null) {
                if (header && line.startsWith("#")) {
                    continue;
                }
                header = false;
                out.add(line.translateEscapes());
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A hostile value printable in a failure message. */
    private record HostileText(String value) {
        static String of(String value) {
            return new HostileText(value).toString();
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("hostile \"");
            value.chars().limit(40).forEach(c -> b.append(c < 0x20 || c > 0x7e
                    ? String.format("\\u%04x", c) : Character.toString(c)));
            return b.append('"').toString();
        }
    }
}
