-- What an event's signed receipt names besides its position: the SHA-256 of the record value
-- stored there and who recorded it, so a retried POST gets the same receipt. Receipts kept
-- before this have neither; their answers say so.
ALTER TABLE receipt ADD COLUMN record_sha256 char(64), ADD COLUMN recorded_by text;
