-- Breakdowns by cohort and nationality (SPEC "Breakdowns, flows and cohort claims"), written by
-- the same pure rules as the fold (Breakdowns): a census's lines, and each transfer's lines.
ALTER TABLE census ADD COLUMN breakdown jsonb; -- [{cohort, nationality?, count}], null without one

-- A resolved transfer by line (Breakdowns.TransferLine): a side is null where the line is not one
-- of it (not sent as a line, not among those received), and received/lost before completion.
CREATE TABLE transfer_line (
    transfer_id text    NOT NULL,
    cohort      text    NOT NULL,
    nationality text,
    initiated   integer,
    received    integer,
    lost        integer
);
CREATE INDEX transfer_line_by_transfer ON transfer_line (transfer_id);

-- Read models a database projected before they existed, until a replay rebuilds them from the
-- log's start: answers that need them say so (409) instead of showing part of the history.
CREATE TABLE read_model_gap (
    model  text PRIMARY KEY,
    reason text NOT NULL
);
INSERT INTO read_model_gap SELECT 'breakdowns', 'events read before breakdowns were projected have none; a replay (POST /admin/replay) rebuilds them'
WHERE EXISTS (SELECT 1 FROM applied_event);
