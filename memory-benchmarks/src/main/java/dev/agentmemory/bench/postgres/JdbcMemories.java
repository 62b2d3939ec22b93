package dev.agentmemory.bench.postgres;

import dev.agentmemory.postgres.internal.RandomProjection;
import dev.agentmemory.postgres.internal.VectorCodec;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * The hand-written JDBC baseline: the same SQL the PostgreSQL provider sends for {@code store}, {@code storeAll}
 * and {@code search}, written by hand on one plain pgjdbc connection, with no pool, no jOOQ, no validation layer
 * and no error translation. Search does what the provider's does: read the candidates of the scope (all of them for
 * {@code exact}, the nearest by the GiST index for {@code cube}), score them by exact cosine similarity in Java,
 * keep the top {@code limit}, and count the access of the hits ({@code UPDATE ... RETURNING}), in one transaction.
 * Vectors are encoded and projected by the provider's own {@link VectorCodec} and {@link RandomProjection}, so the
 * baseline cannot drift from what it is measured against. Not thread-safe: one instance per benchmark thread.
 */
final class JdbcMemories implements AutoCloseable {

    /** A hit: the memory's columns as returned, and its similarity. */
    record Hit(String id, String type, String content, double importance, String metadata, @Nullable String userId,
               @Nullable String sessionId, Instant createdAt, @Nullable Instant lastAccessedAt, long accessCount,
               @Nullable Instant expiresAt, double similarity) {
    }

    /**
     * One memory to store.
     *
     * @param id the id
     * @param content the text
     * @param vector the embedding
     */
    record Row(String id, String content, float[] vector) {
    }

    private static final String RETURNED = "id, type, content, importance, metadata::text, user_id, session_id, "
            + "created_at, last_accessed_at, access_count, expires_at";

    private final Connection connection;
    private final String schema;
    private final String cubeSchema;
    private final @Nullable RandomProjection projection;
    private final PreparedStatement exact;
    private final PreparedStatement cube;
    private final PreparedStatement touch;
    private final PreparedStatement storeOne;

    /**
     * @param url the JDBC URL
     * @param schema the provider's schema (already migrated, with its cube column)
     * @throws SQLException if the server does not answer or the schema is not there
     */
    JdbcMemories(String url, String schema) throws SQLException {
        this.connection = DriverManager.getConnection(url);
        this.schema = schema;
        Map<String, String> settings = settings(connection, schema);
        this.cubeSchema = cubeSchema(connection);
        String cubeDims = settings.get("cube_dimensions");
        String seed = settings.get("cube_projection_seed");
        this.projection = cubeDims == null || seed == null ? null
                : new RandomProjection(Long.parseLong(seed), Integer.parseInt(settings.get("embedding_dimension")),
                Integer.parseInt(cubeDims));
        String scoped = "SELECT id, embedding FROM " + table() + " WHERE tenant = ? AND agent = ? "
                + "AND (expires_at IS NULL OR expires_at > now())";
        this.exact = connection.prepareStatement(scoped);
        this.cube = connection.prepareStatement(scoped + " ORDER BY embedding_cube OPERATOR(" + q(cubeSchema)
                + ".<->) " + q(cubeSchema) + ".cube(?::float8[]) LIMIT ?");
        this.touch = connection.prepareStatement("UPDATE " + table() + " SET access_count = access_count + 1, "
                + "last_accessed_at = now() WHERE tenant = ? AND agent = ? AND id = ANY(?) RETURNING " + RETURNED);
        this.storeOne = connection.prepareStatement(insert(1));
    }

    /**
     * Search, as the provider does it.
     *
     * @param tenant the tenant
     * @param agent the agent
     * @param query the query vector
     * @param mode {@code exact} or {@code cube}
     * @param limit hits wanted
     * @param candidates rows the cube index prefilters
     * @return the hits, best first
     * @throws SQLException on a database error
     */
    List<Hit> search(String tenant, String agent, float[] query, String mode, int limit, int candidates)
            throws SQLException {
        connection.setAutoCommit(false);
        try {
            PreparedStatement select;
            if (mode.equals("cube")) {
                if (projection == null) {
                    throw new IllegalStateException("schema " + schema + " has no cube projection settings");
                }
                select = cube;
                select.setString(1, tenant);
                select.setString(2, agent);
                select.setArray(3, connection.createArrayOf("float8", projection.project(query)));
                select.setInt(4, Math.max(limit, candidates));
            } else {
                select = exact;
                select.setString(1, tenant);
                select.setString(2, agent);
            }
            double[] unitQuery = VectorCodec.unit(query);
            PriorityQueue<Scored> best = new PriorityQueue<>(Comparator.comparingDouble(Scored::similarity)
                    .thenComparing(Scored::id, Comparator.reverseOrder()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Scored s = new Scored(rs.getString(1), cosine(unitQuery, rs.getBytes(2)));
                    best.add(s);
                    if (best.size() > limit) {
                        best.poll();
                    }
                }
            }
            List<Scored> top = new ArrayList<>(best);
            top.sort(Comparator.comparingDouble(Scored::similarity).reversed().thenComparing(Scored::id));
            List<Hit> hits = new ArrayList<>(top.size());
            if (!top.isEmpty()) {
                touch.setString(1, tenant);
                touch.setString(2, agent);
                Array ids = connection.createArrayOf("text", top.stream().map(Scored::id).toArray());
                touch.setArray(3, ids);
                Map<String, ResultRow> rows = new HashMap<>();
                try (ResultSet rs = touch.executeQuery()) {
                    while (rs.next()) {
                        ResultRow r = ResultRow.read(rs);
                        rows.put(r.id, r);
                    }
                }
                for (Scored s : top) {
                    ResultRow r = rows.get(s.id);
                    if (r != null) {
                        hits.add(r.hit(s.similarity));
                    }
                }
            }
            connection.commit();
            return hits;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /**
     * Stores memories in one multi-row {@code INSERT ... ON CONFLICT DO UPDATE ... RETURNING}, as the provider's
     * {@code storeAll} does (and its {@code store}, with one row).
     *
     * @param tenant the tenant
     * @param agent the agent
     * @param rows the memories
     * @return how many rows came back
     * @throws SQLException on a database error
     */
    int store(String tenant, String agent, List<Row> rows) throws SQLException {
        connection.setAutoCommit(true);
        if (projection == null) {
            throw new IllegalStateException("schema " + schema + " has no cube projection settings");
        }
        PreparedStatement insert = rows.size() == 1 ? storeOne : connection.prepareStatement(insert(rows.size()));
        try {
            int p = 1;
            for (Row row : rows) {
                insert.setString(p++, tenant);
                insert.setString(p++, agent);
                insert.setString(p++, row.id());
                insert.setString(p++, "SEMANTIC");
                insert.setString(p++, row.content());
                insert.setBytes(p++, VectorCodec.encode(row.vector()));
                insert.setDouble(p++, 0.5);
                insert.setString(p++, "{}");
                insert.setString(p++, null);
                insert.setString(p++, null);
                insert.setTimestamp(p++, (Timestamp) null);
                insert.setArray(p++, connection.createArrayOf("float8", projection.project(row.vector())));
            }
            int count = 0;
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    ResultRow.read(rs);
                    count++;
                }
            }
            return count;
        } finally {
            if (insert != storeOne) {
                insert.close();
            }
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    private String insert(int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table()).append(" (tenant, agent, id, type, "
                + "content, embedding, importance, metadata, user_id, session_id, expires_at, embedding_cube) VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ").append(q(cubeSchema))
                    .append(".cube(?::float8[]))");
        }
        return sql.append(" ON CONFLICT (tenant, agent, id) DO UPDATE SET type = excluded.type, content = "
                + "excluded.content, embedding = excluded.embedding, importance = excluded.importance, metadata = "
                + "excluded.metadata, user_id = excluded.user_id, session_id = excluded.session_id, expires_at = "
                + "excluded.expires_at, updated_at = now(), embedding_cube = excluded.embedding_cube RETURNING ")
                .append(RETURNED).toString();
    }

    private String table() {
        return q(schema) + ".memories";
    }

    private static String q(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static Map<String, String> settings(Connection c, String schema) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT name, value FROM " + q(schema) + ".schema_settings");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static String cubeSchema(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
                + "ON n.oid = e.extnamespace WHERE e.extname = 'cube'");
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : "public";
        }
    }

    /** Cosine of a unit query with a stored big-endian float32 vector. */
    private static double cosine(double[] unitQuery, byte[] stored) {
        FloatBuffer floats = ByteBuffer.wrap(stored).asFloatBuffer();
        double dot = 0;
        double norm = 0;
        for (int i = 0; i < unitQuery.length; i++) {
            float x = floats.get(i);
            dot += unitQuery[i] * x;
            norm += (double) x * x;
        }
        return norm == 0 ? 0 : dot / Math.sqrt(norm);
    }

    private record Scored(String id, double similarity) {
    }

    /** The columns of a returned row. */
    private record ResultRow(String id, String type, String content, double importance, String metadata,
                             @Nullable String userId, @Nullable String sessionId, Instant createdAt,
                             @Nullable Instant lastAccessedAt, long accessCount, @Nullable Instant expiresAt) {

        static ResultRow read(ResultSet rs) throws SQLException {
            return new ResultRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getDouble(4), rs.getString(5),
                    rs.getString(6), rs.getString(7), instant(rs.getTimestamp(8)), nullableInstant(rs.getTimestamp(9)),
                    rs.getLong(10), nullableInstant(rs.getTimestamp(11)));
        }

        Hit hit(double similarity) {
            return new Hit(id, type, content, importance, metadata, userId, sessionId, createdAt, lastAccessedAt,
                    accessCount, expiresAt, similarity);
        }

        private static Instant instant(Timestamp t) {
            return t.toInstant();
        }

        private static @Nullable Instant nullableInstant(@Nullable Timestamp t) {
            return t == null ? null : t.toInstant();
        }
    }
}
