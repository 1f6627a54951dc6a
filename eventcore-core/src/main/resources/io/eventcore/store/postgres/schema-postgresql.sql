-- EventCore PostgreSQL schema (PostgreSQL 14 or newer). Idempotent: safe to run on every start.
-- ${schema} and ${prefix} are substituted by PostgresEventStore.initializeSchema(); to run this by
-- hand (or from Flyway/Liquibase), replace them with your schema (default public) and table prefix
-- (default eventcore_).

CREATE SCHEMA IF NOT EXISTS ${schema};

-- Every event, in global order. By default position is assigned from ${prefix}position while its
-- row lock is held until COMMIT, so positions are gap-free and become visible in position order.
-- With parallel commits it is the transaction id shifted left by 20 bits plus the event's place in
-- the transaction, and readers stop below the oldest transaction still running.
CREATE TABLE IF NOT EXISTS ${schema}.${prefix}events (
    position       bigint      NOT NULL,
    stream_id      text        NOT NULL,
    version        bigint      NOT NULL,
    event_id       uuid        NOT NULL,
    event_type     text        NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    correlation_id uuid,
    causation_id   uuid,
    metadata       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    payload        jsonb       NOT NULL,
    CONSTRAINT ${prefix}events_pk PRIMARY KEY (position),
    CONSTRAINT ${prefix}events_stream_version_uk UNIQUE (stream_id, version),
    CONSTRAINT ${prefix}events_event_id_uk UNIQUE (event_id),
    CONSTRAINT ${prefix}events_version_ck CHECK (version > 0),
    CONSTRAINT ${prefix}events_position_ck CHECK (position > 0)
);

-- Current version of every stream, kept by appends with parallel commits only. Those lock the rows
-- of all participating streams (read-only ones included) in stream id order, which serializes
-- writers per stream without deadlocks. writer is the transaction that last wrote the stream's
-- events (or created its row): a transaction may write a stream only after every earlier writer of
-- it in id order.
CREATE TABLE IF NOT EXISTS ${schema}.${prefix}streams (
    stream_id text   NOT NULL,
    version   bigint NOT NULL,
    writer    xid8   NOT NULL DEFAULT '0',
    CONSTRAINT ${prefix}streams_pk PRIMARY KEY (stream_id)
);

ALTER TABLE ${schema}.${prefix}streams ADD COLUMN IF NOT EXISTS writer xid8 NOT NULL DEFAULT '0';

-- The single-row position counter. Holding its row lock from the append's check to COMMIT is what makes
-- the global order safe to tail, and what serializes writers: with the counter, appends read each
-- stream's version from its last event and do not keep ${prefix}streams. streams_behind_after is
-- the position after which ${prefix}streams may lag the log (NULL: it does not); a store with
-- parallel commits brings the table up to the log before its first append.
CREATE TABLE IF NOT EXISTS ${schema}.${prefix}position (
    id                   boolean NOT NULL DEFAULT true,
    last                 bigint  NOT NULL,
    streams_behind_after bigint,
    CONSTRAINT ${prefix}position_pk PRIMARY KEY (id),
    CONSTRAINT ${prefix}position_single_row_ck CHECK (id)
);

ALTER TABLE ${schema}.${prefix}position ADD COLUMN IF NOT EXISTS streams_behind_after bigint;

INSERT INTO ${schema}.${prefix}position (id, last) VALUES (true, 0) ON CONFLICT (id) DO NOTHING;

-- The one-round-trip append counts the streams at the versions the writer assumed, then calls this
-- with how many were: anything less aborts the whole statement before a position is taken, and the
-- writer checks the batch again with the versions read under lock.
CREATE OR REPLACE FUNCTION ${schema}.${prefix}expect_versions(matched bigint, wanted bigint) RETURNS boolean
    LANGUAGE plpgsql AS
$$
BEGIN
    IF matched <> wanted THEN
        RAISE EXCEPTION '% of % streams are not at the version expected', wanted - matched, wanted
            USING ERRCODE = 'EC409';
    END IF;
    RETURN true;
END;
$$;

-- Events are immutable: any UPDATE, DELETE or TRUNCATE statement on the events table fails, even one
-- that would touch no row. Dropping the table (schema-drop-postgresql.sql) stays possible for its
-- owner; an operator who must erase data can run with session_replication_role = replica.
CREATE OR REPLACE FUNCTION ${schema}.${prefix}events_immutable() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'events are immutable: % on %.% is not allowed', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE OR REPLACE TRIGGER ${prefix}events_immutable_trg
    BEFORE UPDATE OR DELETE OR TRUNCATE ON ${schema}.${prefix}events
    FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.${prefix}events_immutable();
