-- Arrivals and departures per facility and UTC day beside the net delta (Series: arrivals are
-- the positive ledger entries, people received and those a cancelled transfer returns; departures
-- the negative ones, people sent), so a series step splits its net change from the daily sums.
ALTER TABLE facility_day ADD COLUMN arrivals bigint NOT NULL DEFAULT 0, ADD COLUMN departures bigint NOT NULL DEFAULT 0;
UPDATE facility_day d SET arrivals = s.arrivals, departures = s.departures
FROM (SELECT facility_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, SUM(GREATEST(delta, 0)) AS arrivals, SUM(GREATEST(-delta, 0)) AS departures
      FROM ledger_entry GROUP BY 1, 2) s
WHERE s.facility_id = d.facility_id AND s.day = d.day;

-- entry_sum's window (strictly after (after_at, after_id), before upto), split into arrivals and departures.
CREATE FUNCTION entry_moves(f text, after_at timestamptz, after_id uuid, upto timestamptz, OUT arrivals bigint, OUT departures bigint)
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(SUM(m.a), 0)::bigint, COALESCE(SUM(m.d), 0)::bigint FROM (
        SELECT GREATEST(e.delta, 0) AS a, GREATEST(-e.delta, 0) AS d FROM ledger_entry e
        WHERE e.facility_id = f AND (e.occurred_at, e.event_id) > (after_at, after_id)
          AND e.occurred_at < (((after_at AT TIME ZONE 'UTC')::date + 1)::timestamp AT TIME ZONE 'UTC') AND e.occurred_at < upto
        UNION ALL SELECT x.arrivals, x.departures FROM facility_day x
        WHERE x.facility_id = f AND x.day > (after_at AT TIME ZONE 'UTC')::date AND x.day < (upto AT TIME ZONE 'UTC')::date
        UNION ALL SELECT GREATEST(e.delta, 0), GREATEST(-e.delta, 0) FROM ledger_entry e
        WHERE e.facility_id = f AND (upto AT TIME ZONE 'UTC')::date > (after_at AT TIME ZONE 'UTC')::date
          AND e.occurred_at >= ((upto AT TIME ZONE 'UTC')::date::timestamp AT TIME ZONE 'UTC') AND e.occurred_at < upto) m
$$;

-- The daily view gains the day's arrivals and departures (after the registration, as net_change).
CREATE OR REPLACE VIEW report_population_by_day AS
SELECT d.facility_id, d.day,
       cen.population + entry_sum(d.facility_id, cen.occurred_at, cen.event_id, ((d.day + 1)::timestamp AT TIME ZONE 'UTC'), false) AS population,
       CASE WHEN reg.event_id IS NULL THEN 0
            ELSE entry_sum(d.facility_id, reg.occurred_at, reg.event_id, ((d.day + 1)::timestamp AT TIME ZONE 'UTC'), false)
               - entry_sum(d.facility_id, reg.occurred_at, reg.event_id, (d.day::timestamp AT TIME ZONE 'UTC'), false) END AS net_change,
       COALESCE(e.arrivals - b.arrivals, 0) AS arrivals, COALESCE(e.departures - b.departures, 0) AS departures
FROM facility_day d
LEFT JOIN LATERAL (SELECT r.occurred_at, r.event_id FROM facility_registration r WHERE r.facility_id = d.facility_id
                     AND r.occurred_at < ((d.day + 1)::timestamp AT TIME ZONE 'UTC')
                     AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.target_event_id = r.event_id)
                   ORDER BY r.occurred_at, r.event_id LIMIT 1) reg ON true
LEFT JOIN LATERAL (SELECT c.occurred_at, c.event_id, c.population FROM census c WHERE c.facility_id = d.facility_id AND reg.event_id IS NOT NULL
                     AND (c.occurred_at, c.event_id) > (reg.occurred_at, reg.event_id) AND c.occurred_at < ((d.day + 1)::timestamp AT TIME ZONE 'UTC')
                     AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.target_event_id = c.event_id)
                   ORDER BY c.occurred_at DESC, c.event_id DESC LIMIT 1) cen ON true
LEFT JOIN LATERAL entry_moves(d.facility_id, reg.occurred_at, reg.event_id, ((d.day + 1)::timestamp AT TIME ZONE 'UTC')) e ON reg.event_id IS NOT NULL
LEFT JOIN LATERAL entry_moves(d.facility_id, reg.occurred_at, reg.event_id, (d.day::timestamp AT TIME ZONE 'UTC')) b ON reg.event_id IS NOT NULL;
