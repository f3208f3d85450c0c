-- pending_derivation fills while the projection catches up and empties once it derives. Vacuum
-- would then truncate its empty pages, which takes an ACCESS EXCLUSIVE lock and makes every unit
-- (each reads the table) wait behind it, retried for seconds: the pages are kept instead.
ALTER TABLE pending_derivation SET (vacuum_truncate = false);
