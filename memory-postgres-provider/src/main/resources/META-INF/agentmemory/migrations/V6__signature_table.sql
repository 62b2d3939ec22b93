-- Signatures move from a column of the wide memories row (V4) to a narrow table of their own: the signature search
-- reads every signature of a scope, and a sequential scan of (scope, id, 48 bytes) is about three times faster than
-- one of the rows that also hold the content, the 1.5 kB embedding and the metadata. The table holds exactly one row
-- per memory: every store writes it in the transaction that writes the memory's embedding, and the foreign key
-- removes it with the memory (delete, deleteAll, expiry purges).
--
-- signature: bit i is set when component i of the embedding is positive (VectorCodec.signBits).

CREATE TABLE memory_signatures (
    tenant    text        NOT NULL,
    agent     text        NOT NULL,
    id        text        NOT NULL,
    signature bit varying NOT NULL,
    PRIMARY KEY (tenant, agent, id),
    FOREIGN KEY (tenant, agent, id) REFERENCES memories (tenant, agent, id) ON DELETE CASCADE
);

-- Every existing memory gets its row now: the signature V4 wrote, or, for rows written before V4 (or whose
-- background fill had not reached them), the same bits computed here from the embedding (float4 big-endian; a
-- component is positive when its sign bit, bit 7 of its first byte, is clear and it is not +0). No search ever has to
-- read a memory without a signature exactly.
INSERT INTO memory_signatures (tenant, agent, id, signature)
SELECT m.tenant, m.agent, m.id, coalesce(m.embedding_signature, (
    SELECT string_agg(CASE WHEN get_bit(m.embedding, i * 32 + 7) = 0
                                AND substring(m.embedding FROM i * 4 + 1 FOR 4) <> '\x00000000'::bytea
                           THEN '1' ELSE '0' END, '' ORDER BY i)::bit varying
    FROM generate_series(0, length(m.embedding) / 4 - 1) AS i))
FROM memories m;

-- Nothing reads the V4 column any more (its partial index goes with it).
ALTER TABLE memories DROP COLUMN embedding_signature;
