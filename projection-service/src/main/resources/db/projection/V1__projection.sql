-- The projection's schema: the ledger's facts as applied from the log, what is derived from them,
-- and the projection's own bookkeeping. Everything here can be rebuilt from the log (a replay
-- builds it afresh in projection_shadow), so a change ships as a new migration plus, where the
-- derived rows change, a replay. Figures are derived by event time, never arrival order.

-- ---- Bookkeeping --------------------------------------------------------------------------

-- Every event applied, keyed by eventId so a duplicate in the log is applied once. The envelope
-- is kept as the record held it (json, not jsonb: read back whole, never queried inside).
CREATE TABLE applied_event (
    event_id        uuid        PRIMARY KEY,
    occurred_at     timestamptz NOT NULL,
    type            text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    envelope        json        NOT NULL,
    transfer_id     text        -- of the transfer events: how a transfer's events are found
);
CREATE INDEX applied_event_by_transfer ON applied_event (transfer_id) WHERE transfer_id IS NOT NULL;

-- Next offset to read per partition, written in the same transaction as the events it covers.
CREATE TABLE consumer_position (
    kafka_partition integer PRIMARY KEY,
    next_offset     bigint  NOT NULL
);

-- Records that could not be applied (undecodable, invalid, or refused by the database), with
-- why: listed with the anomalies, never silently skipped.
CREATE TABLE rejected_record (
    kafka_partition integer NOT NULL,
    kafka_offset    bigint  NOT NULL,
    reason          text    NOT NULL,
    PRIMARY KEY (kafka_partition, kafka_offset)
);

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

-- What units applied while catching up touched and did not yet derive. Written in the unit's
-- transaction, emptied by the transaction that derives them, so a crash in between only delays
-- the derivation. kind: facility, population (since: re-check from that instant; NULL: the whole
-- history), operation, operation_days and facility_days (id '<id>@<day>' or '<id>@*'),
-- retraction, statements.
CREATE TABLE pending_derivation (
    kind  text        NOT NULL,
    id    text        NOT NULL,
    since timestamptz,
    PRIMARY KEY (kind, id)
);

-- A replay's bound (upTo, upToPosition), kept in the shadow it builds so a resumed replay keeps it.
CREATE TABLE replay_bound (
    up_to          timestamptz,
    up_to_position text
);

-- Replays switched live, with why a switch the checks refused was forced.
CREATE TABLE replay_switch (
    switched_at   timestamptz NOT NULL DEFAULT now(),
    events_before bigint      NOT NULL,
    events_after  bigint      NOT NULL,
    log_gaps      text,
    forced_reason text
);

-- ---- Facts ---------------------------------------------------------------------------------
-- One table per kind of fact, each row keeping the eventId it came from. A retracted event's rows
-- stay (the audit trail); every query leaves them out through the retraction table.

CREATE TABLE retraction (
    event_id        uuid        PRIMARY KEY,
    target_event_id uuid        NOT NULL,
    occurred_at     timestamptz NOT NULL
);
CREATE INDEX retraction_by_target ON retraction (target_event_id);
CREATE INDEX retraction_by_time ON retraction (occurred_at);

CREATE TABLE facility_registration (
    event_id    uuid        PRIMARY KEY,
    facility_id text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    name        text        NOT NULL,
    country     text        NOT NULL,
    custodian   text        NOT NULL,
    capacity    integer
);
CREATE INDEX facility_registration_by_facility ON facility_registration (facility_id, occurred_at, event_id);
CREATE INDEX facility_registration_by_country ON facility_registration (country);

CREATE TABLE custodian_change (
    event_id    uuid        PRIMARY KEY,
    facility_id text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    custodian   text        NOT NULL
);
CREATE INDEX custodian_change_by_facility ON custodian_change (facility_id, occurred_at, event_id);

CREATE TABLE census (
    event_id    uuid        PRIMARY KEY,
    facility_id text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    population  integer     NOT NULL
);
CREATE INDEX census_by_facility ON census (facility_id, occurred_at, event_id);

CREATE TABLE operation_plan (
    event_id     uuid        PRIMARY KEY,
    operation_id text        NOT NULL,
    occurred_at  timestamptz NOT NULL,
    name         text        NOT NULL,
    lead         text        NOT NULL,
    planned_max  integer,
    from_country text,
    to_country   text
);
CREATE INDEX operation_plan_by_operation ON operation_plan (operation_id, occurred_at, event_id);

CREATE TABLE statement (
    event_id     uuid        PRIMARY KEY,
    statement_id text        NOT NULL,
    occurred_at  timestamptz NOT NULL
);
CREATE INDEX statement_by_time ON statement (occurred_at, event_id);

-- ---- Derived from the facts ------------------------------------------------------------------

-- Each transfer as its events resolve it (TransferLifecycle.resolve), rewritten for every
-- transfer a unit touches; its events are in applied_event (by transfer_id).
CREATE TABLE transfer (
    transfer_id        text        PRIMARY KEY,
    initiated_event_id uuid        NOT NULL,
    operation_id       text,
    from_facility_id   text        NOT NULL,
    to_facility_id     text        NOT NULL,
    count              integer     NOT NULL,
    initiated_at       timestamptz NOT NULL,
    outcome            text,
    finished_event_id  uuid,
    finished_at        timestamptz,
    received_count     integer
);
CREATE INDEX transfer_by_operation ON transfer (operation_id, initiated_at);
-- The finishes of an as-of instant's own day.
CREATE INDEX transfer_by_operation_finish ON transfer (operation_id, finished_at);
-- Transfers into a facility by start: those started before its registration, and "received by t".
CREATE INDEX transfer_by_destination ON transfer (to_facility_id, initiated_at);
CREATE INDEX transfer_by_origin ON transfer (from_facility_id, initiated_at);
CREATE INDEX transfer_unfinished ON transfer (initiated_at) WHERE finished_at IS NULL;

-- What transfers do to facilities: -count at initiation, +received at completion, +count at
-- cancellation. Written and deleted only with their transfer, by the keys its row implies
-- (facility, instant, eventId), so no primary key and no index by transfer.
CREATE TABLE ledger_entry (
    event_id    uuid        NOT NULL,
    facility_id text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    delta       integer     NOT NULL,
    transfer_id text        NOT NULL
);
CREATE INDEX ledger_entry_by_facility ON ledger_entry (facility_id, occurred_at, event_id);

-- Per facility and UTC day, the sum of its ledger entries: a population at t is its last census,
-- the rest of that day, the whole days between (one row each) and t's own day (entry_sum). Rows
-- get a live unit's deltas, and are rebuilt for the days that deferred units changed.
CREATE TABLE facility_day (
    facility_id text   NOT NULL,
    day         date   NOT NULL,
    delta       bigint NOT NULL,
    PRIMARY KEY (facility_id, day)
);

-- Per operation and UTC day, what its transfers contributed: at initiation (initiated, transfers)
-- and at completion or cancellation (received, lost, cancelled). An as-of read sums the whole days
-- before its instant and reads the transfers of its own day only. Rebuilt for the days that change.
CREATE TABLE operation_day (
    operation_id text        NOT NULL,
    day          date        NOT NULL,
    initiated    bigint      NOT NULL,
    transfers    integer     NOT NULL,
    received     bigint      NOT NULL,
    lost         bigint      NOT NULL,
    cancelled    bigint      NOT NULL,
    first_at     timestamptz,           -- the day's earliest initiation, if any
    last_at      timestamptz NOT NULL,  -- the day's latest contribution
    PRIMARY KEY (operation_id, day)
);

-- Anomalies derived from the facts, each under what re-derives it: 'transfer/<id>' (its
-- lifecycle), 'population/<id>' (a facility's population over time, re-derived from the earliest
-- instant a unit changed), 'facility/<id>' and 'operation/<id>' (references to unknown ones).
CREATE TABLE derived_anomaly (
    owner       text        NOT NULL,
    kind        text        NOT NULL,
    event_id    uuid        NOT NULL,
    occurred_at timestamptz NOT NULL,
    subject     text        NOT NULL,
    detail      text        NOT NULL
);
CREATE INDEX derived_anomaly_by_owner ON derived_anomaly (owner, occurred_at);
CREATE INDEX derived_anomaly_by_time ON derived_anomaly (occurred_at);

-- Current figures of each facility and operation, refreshed when a unit touches them, so a
-- current read costs the size of its answer, not the length of the log.
CREATE TABLE facility_current (
    facility_id text  PRIMARY KEY,
    view        jsonb NOT NULL
);
CREATE TABLE operation_current (
    operation_id text  PRIMARY KEY,
    view         jsonb NOT NULL
);

-- The sum of a facility's entries strictly after (after_at, after_id) and up to upto (included
-- or not): the rest of after_at's day, the whole days between from facility_day, and upto's day.
CREATE FUNCTION entry_sum(f text, after_at timestamptz, after_id uuid, upto timestamptz, upto_included boolean)
RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT COALESCE((SELECT SUM(e.delta) FROM ledger_entry e
                     WHERE e.facility_id = f AND (e.occurred_at, e.event_id) > (after_at, after_id)
                       AND e.occurred_at < (((after_at AT TIME ZONE 'UTC')::date + 1)::timestamp AT TIME ZONE 'UTC')
                       AND e.occurred_at <= upto AND (upto_included OR e.occurred_at < upto)), 0)
         + COALESCE((SELECT SUM(x.delta) FROM facility_day x
                     WHERE x.facility_id = f AND x.day > (after_at AT TIME ZONE 'UTC')::date
                       AND x.day < (upto AT TIME ZONE 'UTC')::date), 0)
         + COALESCE((SELECT SUM(e.delta) FROM ledger_entry e
                     WHERE e.facility_id = f AND (upto AT TIME ZONE 'UTC')::date > (after_at AT TIME ZONE 'UTC')::date
                       AND e.occurred_at >= ((upto AT TIME ZONE 'UTC')::date::timestamp AT TIME ZONE 'UTC')
                       AND e.occurred_at <= upto AND (upto_included OR e.occurred_at < upto)), 0)
$$;
