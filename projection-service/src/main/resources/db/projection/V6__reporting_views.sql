-- A reporting layer of plain views for the analyst role (V2 grants it every table and view of this
-- schema), so a notebook or a BI tool reads the ledger without knowing JSON paths. Columns are
-- stable; README "SQL for analysts" documents them. Claims with their verdicts are computed in
-- Java, not stored: GET /reconciliation?format=csv gives them as a table.

-- Every facility as it stands now (the current figures the API serves).
CREATE VIEW report_facility AS
SELECT facility_id, view->>'name' AS name, view->>'country' AS country, view->>'custodian' AS custodian,
       (view->>'capacity')::integer AS capacity, (view->>'population')::bigint AS population, (view->>'netChange')::bigint AS net_change
FROM facility_current;

-- Each facility's population at the end of each UTC day with ledger entries (null before a census,
-- as everywhere) and its net change that day: the rule of ledger.Series by day, from the daily sums.
CREATE VIEW report_population_by_day AS
SELECT d.facility_id, d.day,
       cen.population + entry_sum(d.facility_id, cen.occurred_at, cen.event_id, ((d.day + 1)::timestamp AT TIME ZONE 'UTC'), false) AS population,
       CASE WHEN reg.event_id IS NULL THEN 0
            ELSE entry_sum(d.facility_id, reg.occurred_at, reg.event_id, ((d.day + 1)::timestamp AT TIME ZONE 'UTC'), false)
               - entry_sum(d.facility_id, reg.occurred_at, reg.event_id, (d.day::timestamp AT TIME ZONE 'UTC'), false) END AS net_change
FROM facility_day d
LEFT JOIN LATERAL (SELECT r.occurred_at, r.event_id FROM facility_registration r WHERE r.facility_id = d.facility_id
                     AND r.occurred_at < ((d.day + 1)::timestamp AT TIME ZONE 'UTC')
                     AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.target_event_id = r.event_id)
                   ORDER BY r.occurred_at, r.event_id LIMIT 1) reg ON true
LEFT JOIN LATERAL (SELECT c.occurred_at, c.event_id, c.population FROM census c WHERE c.facility_id = d.facility_id AND reg.event_id IS NOT NULL
                     AND (c.occurred_at, c.event_id) > (reg.occurred_at, reg.event_id) AND c.occurred_at < ((d.day + 1)::timestamp AT TIME ZONE 'UTC')
                     AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.target_event_id = c.event_id)
                   ORDER BY c.occurred_at DESC, c.event_id DESC LIMIT 1) cen ON true;

-- Every transfer as it stands now: status, counts and who recorded it.
CREATE VIEW report_transfer AS
SELECT transfer_id, operation_id, from_facility_id, to_facility_id, count, initiated_at,
       COALESCE(outcome, 'IN_TRANSIT') AS status, finished_at, received_count,
       CASE WHEN outcome = 'COMPLETED' THEN count - received_count ELSE 0 END AS lost, initiated_by, finished_by
FROM transfer;

-- Each transfer by breakdown line (cohort, nationality): sent, received and lost (null where the
-- line is not one of that side, or before completion); see README "Breakdowns".
CREATE VIEW report_transfer_line AS
SELECT transfer_id, cohort, nationality, initiated, received, lost FROM transfer_line;
