package dev.agentmemory.postgres;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.Instant;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The tables and columns of one store's schema, as jOOQ objects qualified by the configured schema name (the
 * migrations under {@code META-INF/agentmemory/migrations} create them). Immutable and thread-safe.
 */
final class MemorySchema {

    final String schema;

    final Table<Record> settings;
    final Field<String> settingName;
    final Field<String> settingValue;

    final Table<Record> memories;
    final Field<String> mTenant;
    final Field<String> mAgent;
    final Field<String> mId;
    final Field<String> mType;
    final Field<String> mContent;
    final Field<byte[]> mEmbedding;
    final Field<Double> mImportance;
    final Field<JSONB> mMetadata;
    final Field<JSONB> mMetadataTypes;
    final Field<String> mUserId;
    final Field<String> mSessionId;
    final Field<Long> mAccessCount;
    final Field<Instant> mLastAccessedAt;
    final Field<Instant> mExpiresAt;
    final Field<Instant> mCreatedAt;
    final Field<Instant> mUpdatedAt;
    /** Present only once the cube search mode has set the schema up. */
    final Field<Object> mCube;
    /** Present only once the pgvector search mode has set the schema up. */
    final Field<Object> mVector;
    /** Sign bits of the embedding (migration V4), for the signature search mode. */
    final Field<Object> mSignature;

    final Table<Record> sessions;
    final Field<String> sTenant;
    final Field<String> sAgent;
    final Field<String> sSession;
    final Field<Instant> sExpiresAt;

    final Table<Record> entries;
    final Field<String> eTenant;
    final Field<String> eAgent;
    final Field<String> eSession;
    final Field<String> eId;
    final Field<Long> eSeq;
    final Field<String> eRole;
    final Field<String> eContent;
    final Field<JSONB> eMetadata;
    final Field<Double> eImportance;
    final Field<Instant> eCreatedAt;

    MemorySchema(String schema) {
        this.schema = schema;
        settings = table(name(schema, "schema_settings"));
        settingName = column("schema_settings", "name", SQLDataType.CLOB);
        settingValue = column("schema_settings", "value", SQLDataType.CLOB);

        String m = "memories";
        memories = table(name(schema, m));
        mTenant = column(m, "tenant", SQLDataType.CLOB);
        mAgent = column(m, "agent", SQLDataType.CLOB);
        mId = column(m, "id", SQLDataType.CLOB);
        mType = column(m, "type", SQLDataType.CLOB);
        mContent = column(m, "content", SQLDataType.CLOB);
        mEmbedding = column(m, "embedding", SQLDataType.BLOB);
        mImportance = column(m, "importance", SQLDataType.DOUBLE);
        mMetadata = column(m, "metadata", SQLDataType.JSONB);
        mMetadataTypes = column(m, "metadata_types", SQLDataType.JSONB);
        mUserId = column(m, "user_id", SQLDataType.CLOB);
        mSessionId = column(m, "session_id", SQLDataType.CLOB);
        mAccessCount = column(m, "access_count", SQLDataType.BIGINT);
        mLastAccessedAt = column(m, "last_accessed_at", SQLDataType.INSTANT);
        mExpiresAt = column(m, "expires_at", SQLDataType.INSTANT);
        mCreatedAt = column(m, "created_at", SQLDataType.INSTANT);
        mUpdatedAt = column(m, "updated_at", SQLDataType.INSTANT);
        mCube = column(m, "embedding_cube", SQLDataType.OTHER);
        mVector = column(m, "embedding_vector", SQLDataType.OTHER);
        mSignature = column(m, "embedding_signature", SQLDataType.OTHER);

        String s = "short_term_sessions";
        sessions = table(name(schema, s));
        sTenant = column(s, "tenant", SQLDataType.CLOB);
        sAgent = column(s, "agent", SQLDataType.CLOB);
        sSession = column(s, "session", SQLDataType.CLOB);
        sExpiresAt = column(s, "expires_at", SQLDataType.INSTANT);

        String e = "short_term_entries";
        entries = table(name(schema, e));
        eTenant = column(e, "tenant", SQLDataType.CLOB);
        eAgent = column(e, "agent", SQLDataType.CLOB);
        eSession = column(e, "session", SQLDataType.CLOB);
        eId = column(e, "id", SQLDataType.CLOB);
        eSeq = column(e, "seq", SQLDataType.BIGINT);
        eRole = column(e, "role", SQLDataType.CLOB);
        eContent = column(e, "content", SQLDataType.CLOB);
        eMetadata = column(e, "metadata", SQLDataType.JSONB);
        eImportance = column(e, "importance", SQLDataType.DOUBLE);
        eCreatedAt = column(e, "created_at", SQLDataType.INSTANT);
    }

    /** @param simpleName a table name @return its name qualified by the schema */
    Name qualified(String simpleName) {
        return name(schema, simpleName);
    }

    private <T> Field<T> column(String tableName, String column, org.jooq.DataType<T> type) {
        return field(name(schema, tableName, column), type);
    }
}
