-- Drops the EventCore tables created by schema-postgresql.sql (tests and local resets only).
-- The schema itself is left in place: it may hold other tables.
DROP TABLE IF EXISTS ${schema}.${prefix}events;
DROP TABLE IF EXISTS ${schema}.${prefix}streams;
DROP TABLE IF EXISTS ${schema}.${prefix}position;
DROP FUNCTION IF EXISTS ${schema}.${prefix}events_immutable();
DROP FUNCTION IF EXISTS ${schema}.${prefix}expect_versions(bigint, bigint);
