-- The signed checkpoints of the log's trees (Checkpoints): kept apart from the read models, which
-- a replay replaces; rows are only ever added.
CREATE TABLE checkpoint (
    sequence   bigint      PRIMARY KEY,
    at         timestamptz NOT NULL,
    log_id     text        NOT NULL,
    partitions jsonb       NOT NULL,  -- [{"partition": 0, "size": 19, "root": "hex"}, ...]
    key_id     text        NOT NULL,
    signature  text        NOT NULL
);

-- One refusal for every append-only table of this schema from here on.
CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is refused', TG_TABLE_NAME, TG_OP;
END
$$;

CREATE TRIGGER checkpoint_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION append_only();
