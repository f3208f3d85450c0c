-- A facility's population at t is its last census plus the ledger entries since; summing those
-- entries one by one made every facility read and every live derivation cost the facility's whole
-- history (issue #6: ~370 ms per live unit on a 1M-event log whose censuses are all at its start).
-- Per facility and UTC day, the sum of its entries; rebuilt for the days a unit's entries change
-- (as operation_day is), so a sum over a range reads two partial days and the whole days between.
CREATE TABLE facility_day (
    facility_id text   NOT NULL,
    day         date   NOT NULL,
    delta       bigint NOT NULL,
    PRIMARY KEY (facility_id, day)
);
INSERT INTO facility_day
SELECT facility_id, (occurred_at AT TIME ZONE 'UTC')::date, SUM(delta) FROM ledger_entry GROUP BY 1, 2;

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
