-- The fingerprint is taken over the event as the current schema reads it, so it changes when the
-- schema does. A receipt written under an older version is checked against the event in the log
-- instead (see Ingestion): existing rows are of version 1.
ALTER TABLE receipt ADD COLUMN schema_version integer NOT NULL DEFAULT 1;
