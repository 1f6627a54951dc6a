-- EventCore projection checkpoints (PostgreSQL 14 or newer). Idempotent: safe to run on every start.
-- ${schema} and ${prefix} are substituted by PostgresCheckpointStore.initializeSchema(); to run this
-- by hand (or from Flyway/Liquibase), replace them with your schema (default public) and table
-- prefix (default eventcore_). Keep it in the database of the read models, so that transactional
-- projections commit their writes and their checkpoint together.

CREATE SCHEMA IF NOT EXISTS ${schema};

-- One row per projection: the position of the last event it has finished with. Runners move it
-- with a compare-and-set, so a runner that lost its leadership cannot move it back.
CREATE TABLE IF NOT EXISTS ${schema}.${prefix}checkpoints (
    projection_name text        NOT NULL,
    position        bigint      NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ${prefix}checkpoints_pk PRIMARY KEY (projection_name),
    CONSTRAINT ${prefix}checkpoints_position_ck CHECK (position >= 0)
);

-- Events a projection skipped under its failure policy, kept for operators to inspect and replay.
CREATE TABLE IF NOT EXISTS ${schema}.${prefix}skipped_events (
    projection_name text        NOT NULL,
    position        bigint      NOT NULL,
    stream_id       text,
    event_type      text,
    error           text        NOT NULL,
    skipped_at      timestamptz NOT NULL,
    CONSTRAINT ${prefix}skipped_events_pk PRIMARY KEY (projection_name, position)
);
