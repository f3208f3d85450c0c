-- What a replay of a long log pays for, per event, and nobody read (issue #6, measured on 1M events):
-- events are looked up by eventId only (statements and retractions have their own time indexes),
-- envelopes are read back whole (json keeps them as written, without jsonb's conversion), and a
-- transfer's initiation is rebuilt from its columns (its envelope is in applied_event).
DROP INDEX applied_event_by_time;
ALTER TABLE applied_event ALTER COLUMN envelope TYPE json;
ALTER TABLE transfer DROP COLUMN initiated;
