-- Who applies the log (ApplierLease): one row, its epoch bumped by each instance that takes over.
-- Every unit of work checks, in its own transaction, that the epoch is still the one its instance
-- took (SELECT ... FOR SHARE), so an instance that lost its turn is refused by the database.
CREATE TABLE applier (
    id     integer     PRIMARY KEY CHECK (id = 1),
    epoch  bigint      NOT NULL,
    holder text        NOT NULL,
    since  timestamptz NOT NULL
);
INSERT INTO applier VALUES (1, 0, 'nobody yet', now());
