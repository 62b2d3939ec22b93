-- Sign-bit signatures for the signature search mode: bit i is set when component i of the embedding is positive.
-- Every store computes it when it writes a memory; rows written before this migration have none until a store in
-- signature mode fills them in the background, and searches read those rows exactly meanwhile (the partial index
-- finds them).

ALTER TABLE memories ADD COLUMN embedding_signature bit varying;

CREATE INDEX memories_embedding_signature_pending ON memories (tenant, agent) WHERE embedding_signature IS NULL;
