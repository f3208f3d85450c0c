-- Secondary indexes a fresh build (an empty schema catching up with a long log) drops at its first
-- unit and creates once before its first derivation: one sorted CREATE INDEX is far cheaper than
-- maintaining them row by row. Each row is an index dropped and not yet recreated, with its
-- definition; the drop and the rows commit together, so a crash in between leaves no index lost.
-- A migration that touches one of DeferredIndexes.NAMES must expect it to be absent meanwhile.
CREATE TABLE deferred_index (
    name       text PRIMARY KEY,
    definition text NOT NULL
);
