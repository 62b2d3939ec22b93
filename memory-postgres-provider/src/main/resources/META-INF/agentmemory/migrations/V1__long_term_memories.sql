-- Long-term memories. Flyway runs this with search_path set to the configured schema (option postgres.schema).
-- Vectors are kept exactly, as float4 big-endian bytes; the search modes add their own columns and indexes
-- (cube: embedding_cube with GiST, pgvector: embedding_vector with HNSW) when the store first opens with them.

CREATE TABLE schema_settings (
    name  text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE memories (
    tenant           text             NOT NULL,
    agent            text             NOT NULL,
    id               text             NOT NULL,
    type             text             NOT NULL CHECK (type IN ('EPISODIC', 'SEMANTIC', 'PROCEDURAL')),
    content          text             NOT NULL,
    embedding        bytea            NOT NULL,
    importance       double precision NOT NULL CHECK (importance >= 0 AND importance <= 1),
    metadata         jsonb            NOT NULL DEFAULT '{}'::jsonb,
    user_id          text,
    session_id       text,
    access_count     bigint           NOT NULL DEFAULT 0,
    last_accessed_at timestamptz,
    expires_at       timestamptz,
    created_at       timestamptz      NOT NULL DEFAULT now(),
    updated_at       timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, agent, id)
);

-- list(): most important first, then newest.
CREATE INDEX memories_by_importance ON memories (tenant, agent, importance DESC, created_at DESC);
-- search filters on user and type inside a scope.
CREATE INDEX memories_by_user ON memories (tenant, agent, user_id) WHERE user_id IS NOT NULL;
-- metadata equality filters (metadata @> '{"k":"v"}').
CREATE INDEX memories_metadata ON memories USING gin (metadata jsonb_path_ops);
-- purging expired memories.
CREATE INDEX memories_expiry ON memories (expires_at) WHERE expires_at IS NOT NULL;
