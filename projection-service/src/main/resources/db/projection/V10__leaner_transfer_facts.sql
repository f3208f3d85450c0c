-- Fewer rows and index entries per transfer event (issue #6: at 1M events, COPY into transfer,
-- ledger_entry and transfer_event took 25 of the replay's 54 s of writing):
-- * transfer_event duplicated applied_event: a transfer's events are now found by applied_event's
--   own transfer_id (indexed only where set);
-- * a replaced transfer's ledger entries are deleted by the keys its transfer row implies
--   (facility, instant, eventId: the by-facility index), so ledger_entry needs no primary key
--   (its rows are only ever written with their transfer) and no index by transfer;
-- * transfers are never looked up by start instant alone.
ALTER TABLE applied_event ADD COLUMN transfer_id text;
UPDATE applied_event a SET transfer_id = t.transfer_id FROM transfer_event t WHERE t.event_id = a.event_id;
CREATE INDEX applied_event_by_transfer ON applied_event (transfer_id) WHERE transfer_id IS NOT NULL;
DROP TABLE transfer_event;
ALTER TABLE ledger_entry DROP CONSTRAINT ledger_entry_pkey;
DROP INDEX ledger_entry_by_transfer;
DROP INDEX transfer_by_time;
