-- Typed metadata. The metadata column keeps each value as native JSON (strings and UUIDs as strings, booleans as
-- booleans, numbers as their exact decimal value), so that filters compare in SQL and use memories_metadata;
-- metadata_types records the Java type of each key whose value is not a String (absent: a String), and a negative
-- zero, which a jsonb number cannot hold. Rows written before this migration hold only strings and read back as
-- before.

ALTER TABLE memories ADD COLUMN metadata_types jsonb NOT NULL DEFAULT '{}'::jsonb;
