-- Who recorded a transfer's initiation and its finish (the events' recordedBy), shown with it.
ALTER TABLE transfer ADD COLUMN initiated_by text, ADD COLUMN finished_by text;
UPDATE transfer t SET initiated_by = (SELECT a.envelope->>'recordedBy' FROM applied_event a WHERE a.event_id = t.initiated_event_id),
                      finished_by  = (SELECT a.envelope->>'recordedBy' FROM applied_event a WHERE a.event_id = t.finished_event_id);
