-- Drops the tables created by schema-postgresql.sql (tests and local resets only): every checkpoint
-- is lost, and projections rebuild from the start. The schema itself is left in place.
DROP TABLE IF EXISTS ${schema}.${prefix}skipped_events;
DROP TABLE IF EXISTS ${schema}.${prefix}checkpoints;
