-- One root over all partitions, and the read models' digest in the checkpoints that carry one
-- (Checkpoint); both null in checkpoints signed before they existed, which still verify.
ALTER TABLE checkpoint ADD COLUMN combined_root text;
ALTER TABLE checkpoint ADD COLUMN read_model_digest text;
