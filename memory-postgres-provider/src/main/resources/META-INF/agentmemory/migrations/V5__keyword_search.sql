-- Keyword search (SearchKind KEYWORD and HYBRID). content_tsv is the content as the english text search
-- configuration reads it, kept with the row by PostgreSQL itself (a stored generated column: every insert and
-- update of content recomputes it, and adding the column fills every existing row). The configuration is named
-- with its schema so that the expression is the same whatever the search_path. memories_content_tsv is the GIN
-- index that websearch_to_tsquery matches use; the scope columns narrow the hits after it.

ALTER TABLE memories ADD COLUMN content_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('pg_catalog.english'::regconfig, content)) STORED;

CREATE INDEX memories_content_tsv ON memories USING gin (content_tsv);
