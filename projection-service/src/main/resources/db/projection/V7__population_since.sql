-- A facility's population anomalies are re-derived from the earliest instant a unit changed, not
-- over its whole history (issue #6: a live unit re-checked ~100k steps on long logs). They get
-- their own owner so the rest of the facility's anomalies can be rebuilt without them.
UPDATE derived_anomaly SET owner = 'population/' || substr(owner, length('facility/') + 1)
WHERE owner LIKE 'facility/%' AND kind IN ('NEGATIVE_POPULATION', 'ABOVE_CAPACITY');
DROP INDEX derived_anomaly_by_owner;
CREATE INDEX derived_anomaly_by_owner ON derived_anomaly (owner, occurred_at);
-- kind 'population': re-check from this instant; NULL: the whole history.
ALTER TABLE pending_derivation ADD COLUMN since timestamptz;
INSERT INTO pending_derivation (kind, id) SELECT 'population', id FROM pending_derivation WHERE kind = 'facility'
ON CONFLICT DO NOTHING;
