-- operation_day rows are now rebuilt for the days a unit touched ('operation_days', '<id>@<day>');
-- a ledger upgraded from before V6 rebuilds every day of every operation on its next start.
INSERT INTO pending_derivation (kind, id)
SELECT 'operation_days', operation_id || '@*' FROM (
    SELECT operation_id FROM operation_plan UNION SELECT operation_id FROM transfer WHERE operation_id IS NOT NULL) o
WHERE NOT EXISTS (SELECT 1 FROM operation_day)
ON CONFLICT DO NOTHING;
