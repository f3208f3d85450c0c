-- One row per event appended to the log: what makes a retried POST idempotent, also across
-- restarts and between ingest instances. The log stays the source of truth; this is its index.
CREATE TABLE receipt (
    event_id        uuid        PRIMARY KEY,
    fingerprint     char(64)    NOT NULL,  -- SHA-256 of type, occurredAt and data as posted
    type            text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    recorded_at     timestamptz NOT NULL
);
