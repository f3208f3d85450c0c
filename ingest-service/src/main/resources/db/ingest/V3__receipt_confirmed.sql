-- A receipt is written before its Kafka transaction commits (confirmed = false) and confirmed after:
-- whatever fails in between, a retry finds the receipt and reads the log at its position to learn
-- whether the event is there, so the receipts and the log never disagree.
ALTER TABLE receipt ADD COLUMN confirmed boolean NOT NULL DEFAULT true;
