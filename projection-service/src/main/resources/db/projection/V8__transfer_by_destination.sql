-- Transfers into a facility by when they started: what deriving a facility asks (those started
-- before its registration) and, with the implied initiated_at <= t, what "received by t" reads.
DROP INDEX transfer_by_destination;
CREATE INDEX transfer_by_destination ON transfer (to_facility_id, initiated_at);
