-- Every event the projection has applied: the ledger's facts, keyed by eventId so a duplicate
-- in the log is applied once. Figures are derived from these by event time, never arrival order.
CREATE TABLE applied_event (
    event_id        uuid        PRIMARY KEY,
    occurred_at     timestamptz NOT NULL,
    type            text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    envelope        jsonb       NOT NULL
);
CREATE INDEX applied_event_by_time ON applied_event (occurred_at, event_id);

-- Next offset to read per partition, written in the same transaction as the events it covers.
CREATE TABLE consumer_position (
    kafka_partition integer PRIMARY KEY,
    next_offset     bigint  NOT NULL
);

-- The current read models, one document per endpoint, replaced in each unit of work.
CREATE TABLE current_view (
    name       text        PRIMARY KEY,
    body       jsonb       NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Records that could not be decoded: listed with the anomalies, never silently skipped.
CREATE TABLE rejected_record (
    kafka_partition integer NOT NULL,
    kafka_offset    bigint  NOT NULL,
    reason          text    NOT NULL,
    PRIMARY KEY (kafka_partition, kafka_offset)
);
