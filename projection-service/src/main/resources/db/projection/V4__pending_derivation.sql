-- What units applied while catching up have touched and not yet derived (facility and operation
-- figures, population and reference anomalies). Written in the unit's transaction, emptied by the
-- transaction that derives them, so a crash in between only delays the derivation.
CREATE TABLE pending_derivation (
    kind text NOT NULL,  -- facility, operation, retraction or statements
    id   text NOT NULL,
    PRIMARY KEY (kind, id)
);
