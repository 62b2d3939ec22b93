-- Short-term memory: one row per session (its sliding expiry) and one row per entry. The sequence orders
-- entries on the server; the primary key (tenant, agent, session, id) makes a retried append idempotent.

CREATE SEQUENCE short_term_order AS bigint;

CREATE TABLE short_term_sessions (
    tenant     text        NOT NULL,
    agent      text        NOT NULL,
    session    text        NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, agent, session)
);

CREATE INDEX short_term_sessions_expiry ON short_term_sessions (expires_at);

CREATE TABLE short_term_entries (
    tenant     text             NOT NULL,
    agent      text             NOT NULL,
    session    text             NOT NULL,
    id         text             NOT NULL,
    seq        bigint           NOT NULL DEFAULT nextval('short_term_order'),
    role       text             NOT NULL,
    content    text             NOT NULL,
    metadata   jsonb            NOT NULL DEFAULT '{}'::jsonb,
    importance double precision NOT NULL CHECK (importance >= 0 AND importance <= 1),
    created_at timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, agent, session, id),
    FOREIGN KEY (tenant, agent, session) REFERENCES short_term_sessions ON DELETE CASCADE
);

ALTER SEQUENCE short_term_order OWNED BY short_term_entries.seq;

CREATE UNIQUE INDEX short_term_entries_order ON short_term_entries (tenant, agent, session, seq);
