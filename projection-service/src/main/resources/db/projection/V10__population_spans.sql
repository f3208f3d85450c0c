-- Per facility day, its entries as a population span (PopulationCheck.Span): the lowest and highest
-- sum of the day's deltas after any one of its entries, in event-time order from the day's start,
-- and the last entry's key. A population walk passes a day that can start no anomaly without
-- reading its entries. NULL: not known (an entry came before others of its day, or was deleted);
-- the next walk that steps through the whole day fills it in. Entries appended after the day's
-- last extend it as they come.
ALTER TABLE facility_day ADD COLUMN low bigint, ADD COLUMN high bigint, ADD COLUMN last_at timestamptz, ADD COLUMN last_event_id uuid;

-- A pending population re-check covers the changes from since to until: it runs up to the first
-- census after until (NULL: to the end of the history).
ALTER TABLE pending_derivation ADD COLUMN until timestamptz;
