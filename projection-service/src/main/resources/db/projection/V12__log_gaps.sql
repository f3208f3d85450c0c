-- Records the projection needed that the log no longer had (its first offset past the position):
-- never applied past silently. A gap stays open (readiness DOWN) until restored or accepted.
CREATE TABLE log_gap (
    kafka_partition  integer     NOT NULL,
    needed_offset    bigint      NOT NULL,
    log_start_offset bigint      NOT NULL,
    detected_at      timestamptz NOT NULL DEFAULT now(),
    accepted_at      timestamptz,
    accepted_reason  text,
    PRIMARY KEY (kafka_partition, needed_offset)
);

-- Replays switched live, with why a switch the checks refused was forced.
CREATE TABLE replay_switch (
    switched_at       timestamptz NOT NULL DEFAULT now(),
    events_before     bigint      NOT NULL,
    events_after      bigint      NOT NULL,
    log_gaps          text,
    forced_reason     text
);
