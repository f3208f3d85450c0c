-- The ledger as indexed facts. Every row keeps the eventId it came from; a retracted event's rows
-- stay (the audit trail) and every query leaves them out through the retraction table.

CREATE TABLE retraction (
    event_id        uuid        PRIMARY KEY,
    target_event_id uuid        NOT NULL,
    occurred_at     timestamptz NOT NULL
);
CREATE INDEX retraction_by_target ON retraction (target_event_id);

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

-- Initiations, completions and cancellations; their envelopes are in applied_event.
CREATE TABLE transfer_event (
    event_id    uuid        PRIMARY KEY,
    transfer_id text        NOT NULL,
    occurred_at timestamptz NOT NULL
);
CREATE INDEX transfer_event_by_transfer ON transfer_event (transfer_id);

CREATE TABLE statement (
    event_id     uuid        PRIMARY KEY,
    statement_id text        NOT NULL,
    occurred_at  timestamptz NOT NULL
);
CREATE INDEX statement_by_time ON statement (occurred_at, event_id);

-- Derived, rewritten for each transfer a unit of work touches (TransferLifecycle.resolve).
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
    received_count     integer,
    initiated          jsonb       NOT NULL
);
CREATE INDEX transfer_by_operation ON transfer (operation_id, initiated_at);
CREATE INDEX transfer_by_time ON transfer (initiated_at);
CREATE INDEX transfer_by_destination ON transfer (to_facility_id, finished_at);
CREATE INDEX transfer_unfinished ON transfer (initiated_at) WHERE finished_at IS NULL;

-- What transfers do to facilities: -count at initiation, +received at completion, +count at cancellation.
CREATE TABLE ledger_entry (
    event_id    uuid        NOT NULL,
    facility_id text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    delta       integer     NOT NULL,
    transfer_id text        NOT NULL,
    PRIMARY KEY (event_id, facility_id)
);
CREATE INDEX ledger_entry_by_facility ON ledger_entry (facility_id, occurred_at, event_id);
CREATE INDEX ledger_entry_by_transfer ON ledger_entry (transfer_id);

-- Derived anomalies: per transfer (its lifecycle) and per facility (its population over time).
CREATE TABLE derived_anomaly (
    owner       text        NOT NULL,  -- 'transfer/<id>' or 'facility/<id>': what recomputes it
    kind        text        NOT NULL,
    event_id    uuid        NOT NULL,
    occurred_at timestamptz NOT NULL,
    subject     text        NOT NULL,
    detail      text        NOT NULL
);
CREATE INDEX derived_anomaly_by_owner ON derived_anomaly (owner);
CREATE INDEX derived_anomaly_by_time ON derived_anomaly (occurred_at);

-- Current figures of each facility and operation, refreshed when a unit of work touches them,
-- so current reads cost the size of the answer, not the length of the log.
CREATE TABLE facility_current (
    facility_id text PRIMARY KEY,
    view        jsonb NOT NULL
);
CREATE TABLE operation_current (
    operation_id text PRIMARY KEY,
    view         jsonb NOT NULL
);

DROP TABLE current_view;
