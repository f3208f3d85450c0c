-- Where each facility is (FacilityLocated, schema v4): the latest unretracted one after its
-- registration, as of an instant, as LedgerFold takes it.
CREATE TABLE facility_location (
    event_id    uuid             PRIMARY KEY,
    facility_id text             NOT NULL,
    occurred_at timestamptz      NOT NULL,
    latitude    double precision NOT NULL,
    longitude   double precision NOT NULL
);
CREATE INDEX facility_location_by_facility ON facility_location (facility_id, occurred_at, event_id);
