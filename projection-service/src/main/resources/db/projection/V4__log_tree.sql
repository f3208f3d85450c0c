-- The Merkle tree of each partition of the log (RFC 9162; a record's leaf as LogLeaf encodes it):
-- the hash of every complete subtree, so a root or a proof reads O(log n) rows. Written with the
-- positions, in the same transaction, by the live projection and by a replay alike.
CREATE TABLE merkle_node (
    kafka_partition integer  NOT NULL,
    level           smallint NOT NULL,  -- 0: a record's leaf hash
    idx             bigint   NOT NULL,  -- from the left, at that level
    hash            bytea    NOT NULL,
    kafka_offset    bigint,             -- the record's, at level 0
    PRIMARY KEY (kafka_partition, level, idx)
);
CREATE UNIQUE INDEX merkle_leaf_by_offset ON merkle_node (kafka_partition, kafka_offset) WHERE level = 0;

-- Leaves per partition. A partition the projection had read before its trees were kept has
-- size -1: its tree is incomplete until a replay rebuilds it from the log's start.
CREATE TABLE log_tree (
    kafka_partition integer PRIMARY KEY,
    size            bigint  NOT NULL
);
INSERT INTO log_tree SELECT kafka_partition, -1 FROM consumer_position WHERE next_offset > 0;
