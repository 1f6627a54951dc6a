package io.eventcore.store.postgres;

import io.eventcore.EventSerializationException;
import io.eventcore.EventStoreException;
import io.eventcore.EventStoreUnavailableException;
import io.eventcore.StreamId;
import io.eventcore.StreamVersionConflictException;
import io.eventcore.internal.postgres.SchemaScripts;
import io.eventcore.internal.postgres.SqlFailures;
import io.eventcore.serialization.EventSerializer;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.AppendResult;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventFilter;
import io.eventcore.store.EventMetadata;
import io.eventcore.store.EventSink;
import io.eventcore.store.EventStore;
import io.eventcore.store.EventStoreListener;
import io.eventcore.store.PendingEvent;
import io.eventcore.store.QueuedAppend;
import io.eventcore.store.StreamRead;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link EventStore} on PostgreSQL 14 or newer, through JDBC on any {@link DataSource}
 * (HikariCP in a Spring Boot application).
 *
 * <h2>Tables</h2>
 *
 * {@code <prefix>events} (one row per event, a column for every {@link EventEnvelope} field,
 * payload and metadata as {@code jsonb}), {@code <prefix>streams} (current version per stream,
 * kept with {@link Builder#parallelCommits} only) and {@code <prefix>position} (a one-row counter),
 * in a configurable schema. The DDL ships as
 * {@code io/eventcore/store/postgres/schema-postgresql.sql}; {@link #initializeSchema()} runs it.
 * The database itself rejects {@code UPDATE}, {@code DELETE} and {@code TRUNCATE} on the events
 * table. Stores from earlier snapshots of EventCore kept the streams table with the counter too,
 * and decided on the versions in it; one of them running beside a current store on the same
 * tables would decide on versions that are behind, so stop them before current ones start.
 *
 * <h2>Appends</h2>
 *
 * An append checks the expected versions of every participating stream, read-only ones included,
 * under a lock that no other writer (in this JVM or others) can hold until it commits, and only
 * then takes positions and inserts the events. With the counter (the default) that lock is the
 * counter's own row lock, which every writer holds from taking its positions to {@code COMMIT}
 * anyway, and a stream's version is its last event's, found on the {@code (stream_id, version)}
 * index: no stream row is locked or written. With {@link Builder#parallelCommits} the append locks
 * the streams' rows in stream id order (so writers never deadlock) and moves their versions.
 *
 * <p>When every expectation is an exact version (what {@link io.eventcore.CommandExecutor} sends),
 * that is one round trip per transaction: the batch is decided on the assumption that each stream
 * is at the version its first append expects, and one statement, sent with {@code COMMIT}, takes
 * positions only where the assumption holds. With the counter, that statement follows the
 * counter's lock in the same round trip: a statement's snapshot is taken when it starts, so one
 * that had to wait for another writer's {@code COMMIT} at the counter would otherwise check the
 * versions in a snapshot without that writer's events. When the check fails, nothing is written,
 * and the batch is decided again in two round trips on the versions read under lock. An
 * expectation of any version also takes two: the lock statement, then the insert statement with
 * {@code COMMIT}. Statements are prepared and take array parameters. A connection
 * lost in the round trip that carries {@code COMMIT} is reported as an unknown outcome. With group commit (the
 * default) concurrent appends are queued and written by a writer thread, up to
 * {@link Builder#maxBatchSize} of them in one transaction (waiting up to {@link Builder#maxBatchDelay}
 * for a batch to fill to the size of the one before); each still succeeds or fails on its
 * own: a conflicting append fails alone, and the others of its batch are written. If a batch fails
 * for a reason that might belong to one append only (a duplicate event id), every append of it is
 * retried in a transaction of its own.
 *
 * <h2>Global order</h2>
 *
 * Positions come from the counter row, updated in the statement that inserts the events, and its
 * row lock, taken when the append starts, is held until COMMIT. So positions are gap-free, and a
 * transaction with higher positions becomes visible only after every one with lower positions: a
 * reader of {@link #readAll} that remembers the last position it saw never skips an event. The
 * price: writers serialize on the counter from their check to their commit, one round trip plus the WAL flush
 * (group commit makes that one section per batch rather than per append; without it, many
 * concurrent connections queue on the counter row), and a transaction that took positions and then
 * stays open (only possible for code that writes the tables outside this class) delays every
 * other writer, and so every reader of new events.
 *
 * <p>With {@link Builder#parallelCommits} a transaction takes its positions from its own
 * transaction id instead ({@code pg_current_xact_id()} shifted left by 20 bits, plus the event's
 * place in the transaction), so commits no longer wait for each other. Readers then stop below the
 * oldest transaction still running ({@code pg_snapshot_xmin}): every position under it belongs to a
 * transaction that has ended, so a reader that remembers the last position it saw still never
 * skips an event. A transaction may write a stream only if the stream's last writer took its id
 * before it (the streams' {@code writer} column); otherwise it starts again with a later id, so
 * each stream's events stay in version order in the log. Positions have large gaps, an append
 * carries at most {@value #MAX_EVENTS_PER_TRANSACTION} events, and any long transaction that has
 * written something in the PostgreSQL cluster delays readers (never writers) until it ends.
 *
 * <h2>Reads</h2>
 *
 * Stream reads fetch several streams in one query and page through long streams
 * {@link Builder#fetchSize} events at a time (keyset paging on the stream's version, each page its
 * own statement, so no transaction stays open while the sink works). {@link #readAll} pushes the
 * type, prefix and glob filters into SQL before the limit.
 *
 * <h2>Notifications</h2>
 *
 * Every commit that writes events sends {@code pg_notify(}{@link #notificationChannel()}{@code ,
 * <last position>)}. {@link #watch} callbacks fire after commits in this JVM and, through a
 * {@code LISTEN} connection opened on first use, after commits of other JVMs.
 *
 * <h2>Failures</h2>
 *
 * A connection that cannot be had or is lost before COMMIT is sent is an
 * {@link EventStoreUnavailableException}; a connection lost in the round trip that carries COMMIT
 * (for a one-round-trip append, its only one) is a
 * {@link io.eventcore.CommitOutcomeUnknownException}, never success or conflict; other SQL errors
 * are {@link EventStoreException}s. The {@link SQLException} is always the cause.
 *
 * <p>Thread-safe. {@link #close()} it when done: it writes the appends already queued, then stops
 * the writer threads.
 */
public final class PostgresEventStore implements EventStore, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PostgresEventStore.class.getName());

    private static final String SCHEMA_RESOURCE = "schema-postgresql.sql";
    private static final String DROP_SCHEMA_RESOURCE = "schema-drop-postgresql.sql";

    /** Appends of one batch are capped by their total event count too, to bound statement size. */
    private static final int MAX_BATCH_EVENTS = 16_384;

    private static final long CLOSE_TIMEOUT_MILLIS = 30_000;

    static final String EVENT_COLUMNS =
            "position, stream_id, version, event_id, event_type, recorded_at, correlation_id, causation_id, metadata, payload";

    /**
     * With parallel commits, the positions of a transaction start above its id shifted by
     * {@value #TRANSACTION_POSITION_BITS} bits: ids are handed out in order and never reused, so
     * this needs no lock, and positions sort by transaction, then by event within it.
     */
    static final int TRANSACTION_POSITION_BITS = 20;

    /** {@link Builder#maxBatchDelay}'s default. */
    private static final Duration DEFAULT_MAX_BATCH_DELAY = Duration.ofNanos(100_000);

    /** The longest {@link Builder#maxBatchDelay}: beyond it the delay would be a stall, not a gathering. */
    private static final Duration MAX_BATCH_DELAY_LIMIT = Duration.ofSeconds(1);

    /** The most events one append may carry with parallel commits. */
    static final int MAX_EVENTS_PER_TRANSACTION = (1 << TRANSACTION_POSITION_BITS) - 1;

    private static final String TRANSACTION_POSITIONS = firstPositionOf("pg_current_xact_id()");

    /**
     * With parallel commits, positions below this belong to transactions that have ended: every
     * transaction older than the oldest one still running. A reader that stops below it never
     * passes a position that could still commit.
     */
    private static final String VISIBLE_POSITIONS_BELOW = firstPositionOf("pg_snapshot_xmin(pg_current_snapshot())");

    /**
     * The SQL for the position just below a transaction's first, from an {@code xid8} expression:
     * one mapping, so that writers and readers cannot disagree on it.
     */
    private static String firstPositionOf(String transactionId) {
        return "(" + transactionId + "::text::bigint << " + TRANSACTION_POSITION_BITS + ")";
    }

    /**
     * With parallel commits: creates missing stream rows and locks all participating ones, in the
     * order of the (sorted) array, returning their current versions, and whether the stream's last
     * writer took its transaction id before this transaction (only then do this transaction's
     * positions come after that writer's). The no-op update is what takes the row lock.
     */
    static final String LOCK_STREAMS_SQL = """
            INSERT INTO {streams} AS s (stream_id, version, writer)
            SELECT t.stream_id, 0, pg_current_xact_id() FROM unnest(?::text[]) AS t(stream_id)
            ON CONFLICT (stream_id) DO UPDATE SET version = s.version
            RETURNING s.stream_id, s.version, s.writer <= pg_current_xact_id()
            """;

    /**
     * With the counter, what an append runs first: the counter's row lock, which every writer
     * holds from taking positions to COMMIT. From then on no other transaction can commit events,
     * so the statement after it, whose snapshot PostgreSQL takes when it starts (read committed),
     * sees every stream's last event, and what it sees stays true until this transaction commits.
     * No stream row is locked or needed.
     */
    static final String LOCK_COUNTER_SQL = "SELECT last FROM {position} FOR NO KEY UPDATE";

    /**
     * A stream's version, for a row {@code t} with a {@code stream_id}: its last event's, walking
     * the stream-version index backwards, or 0 for a stream without events.
     */
    private static final String LAST_VERSION = """
            coalesce((SELECT e.version FROM {events} AS e WHERE e.stream_id = t.stream_id
                      ORDER BY e.version DESC LIMIT 1), 0)""";

    /**
     * With the counter, after {@link #LOCK_COUNTER_SQL}: every participating stream's version. The
     * array comes through a sub-select, as at {@link #STREAMS_AT_LAST_EVENT_AS_ASSUMED}.
     */
    static final String STREAM_VERSIONS_SQL =
            "SELECT t.stream_id, " + LAST_VERSION + "\nFROM unnest((SELECT ?::text[])) AS t(stream_id)\n";

    /**
     * Inserts the events at positions taken from {@code pos}; shared by both append statements.
     * Parameters: the event count, then an array per column, metadata and payloads as JSON arrays.
     */
    private static final String INSERT_EVENTS_CTE = """
            ins AS (
                INSERT INTO {events} (position, stream_id, version, event_id, event_type,
                                      correlation_id, causation_id, metadata, payload)
                SELECT pos.last - ? + e.ord, e.stream_id, e.version, e.event_id, e.event_type,
                       e.correlation_id, e.causation_id, e.metadata, e.payload
                FROM pos, ROWS FROM (unnest(?::text[]), unnest(?::bigint[]), unnest(?::uuid[]), unnest(?::text[]),
                                     unnest(?::uuid[]), unnest(?::uuid[]),
                                     jsonb_array_elements(?::jsonb), jsonb_array_elements(?::jsonb))
                    WITH ORDINALITY AS e(stream_id, version, event_id, event_type, correlation_id,
                                         causation_id, metadata, payload, ord)
            )""";

    /**
     * With parallel commits, the second of two round trips also moves the stream versions and
     * their last writer, through the primary key as an upsert so that no plan can turn it into a
     * scan. Parameters: stream ids, their new versions.
     */
    private static final String MOVE_STREAMS_CTE = """
            , upd AS (
                INSERT INTO {streams} AS s (stream_id, version, writer)
                SELECT t.stream_id, t.version, pg_current_xact_id() FROM unnest(?::text[], ?::bigint[]) AS t(stream_id, version)
                ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, writer = excluded.writer
            )""";

    /** Returns the last position taken and the recorded time, and queues the notification. */
    private static final String SELECT_POSITION_AND_NOTIFY = """
            SELECT pos.last, now(), pg_notify(?, pos.last::text) FROM pos
            """;

    /**
     * With parallel commits, the one round trip (with {@code COMMIT}) for a batch whose every
     * expectation is exact: the writer assumes each stream is at the version its first append in
     * the batch expects and decides the batch on that. This statement then locks the streams in id
     * order while moving them to their new versions, only where they are at the assumed version
     * (or, for streams assumed new, do not exist yet), and {@code expect_versions} aborts it unless
     * every stream was, before any position is taken. The assumed versions come as one JSON
     * object, parsed once, so finding a stream's is a lookup rather than a search. A stream this
     * transaction writes must also have had its last writer take its transaction id before this
     * one (what keeps each stream's events in position order). Parameters: assumed versions as
     * {@code {"id": version}}, ids (sorted), new versions, event count, stream count, then as
     * {@link #INSERT_EVENTS_CTE} and the channel.
     */
    private static final String MOVE_STREAMS_AS_ASSUMED_CTE = """
            assumed AS (
                SELECT ?::jsonb AS versions
            ), chk AS (
                INSERT INTO {streams} AS s (stream_id, version, writer)
                SELECT t.stream_id, t.version, pg_current_xact_id() FROM unnest(?::text[], ?::bigint[]) AS t(stream_id, version)
                ON CONFLICT (stream_id) DO UPDATE
                SET version = excluded.version,
                    writer = CASE WHEN excluded.version = s.version THEN s.writer ELSE excluded.writer END
                WHERE s.version = ((SELECT versions FROM assumed) ->> s.stream_id)::bigint
                  AND (excluded.version = s.version OR s.writer < excluded.writer)
                RETURNING s.stream_id, s.xmax = 0 AS created
            ), """;

    /** With parallel commits, the condition on taking positions in the one round trip: every stream was as assumed. */
    private static final String STREAMS_AS_ASSUMED = """
            {expect_versions}((SELECT count(*) FROM chk, assumed
                               WHERE NOT chk.created OR (versions ->> chk.stream_id)::bigint = 0), ?)""";

    /**
     * With the counter, the condition on taking positions in the one round trip, which runs after
     * {@link #LOCK_COUNTER_SQL}: the counter has not gone back below the writer's last commit, and
     * every stream flagged is at its last event at the version assumed. The writer flags all but
     * the streams it writes and has seen committed at the version assumed (see {@link
     * CommittedVersions}). Every stream stays in the arrays, flagged or not, and each array comes
     * through a sub-select, whose length the planner cannot see: with only the flagged streams, or
     * with arrays it could count, a batch of few streams looked so cheap to the planner that
     * PostgreSQL planned every execution anew instead of keeping its generic plan (a lone command
     * took 0.82 instead of 0.53 ms, measured). Parameters: the counter's floor, ids, assumed
     * versions, flags, stream count.
     */
    private static final String STREAMS_AT_LAST_EVENT_AS_ASSUMED = """
            last >= ? AND {expect_versions}((SELECT count(*)
                                             FROM unnest((SELECT ?::text[]), (SELECT ?::bigint[]), (SELECT ?::boolean[]))
                                                 AS t(stream_id, version, checked)
                                             WHERE NOT t.checked OR t.version = %s), ?)""".formatted(LAST_VERSION);

    /**
     * The body of an append's {@code pos} CTE, one row holding the last position taken, after one
     * parameter: the number of events.
     *
     * @param parallelCommits from the transaction id rather than the counter row
     * @param condition taken only if this holds; {@code null} for always
     */
    static String takePositions(boolean parallelCommits, @Nullable String condition) {
        String where = condition == null ? "" : " WHERE " + condition;
        return parallelCommits
                ? "SELECT " + TRANSACTION_POSITIONS + " + ?::bigint AS last" + where
                : "UPDATE {position} SET last = last + ?" + where + " RETURNING last";
    }

    /**
     * The second of two round trips, after the streams' or the counter's lock: takes positions
     * (from the counter, whose row lock is held until COMMIT, or with parallel commits from the
     * transaction id), inserts the events, with parallel commits moves the streams, and queues the
     * notification, in one statement. The writer sends {@code COMMIT} in the same round trip.
     * Parameters: the event count, then as {@link #INSERT_EVENTS_CTE}, then with parallel commits
     * as {@link #MOVE_STREAMS_CTE}, then the channel.
     */
    static String appendEventsSql(boolean parallelCommits) {
        return "WITH pos AS (\n    " + takePositions(parallelCommits, null) + "\n),"
                + INSERT_EVENTS_CTE + (parallelCommits ? MOVE_STREAMS_CTE : "") + "\n" + SELECT_POSITION_AND_NOTIFY;
    }

    /**
     * A whole append in one round trip (with {@code COMMIT}), for a batch whose every expectation
     * is exact: the batch is decided on the assumption that each stream is at the version its
     * first append expects, and the statement takes positions only if the assumption holds: with
     * the counter, after {@link #LOCK_COUNTER_SQL} in the same round trip, under {@link
     * #STREAMS_AT_LAST_EVENT_AS_ASSUMED} (parameters: event count, the counter's floor, ids,
     * assumed versions, flags, stream count); with parallel commits, as described at {@link
     * #MOVE_STREAMS_AS_ASSUMED_CTE}. Then as {@link #INSERT_EVENTS_CTE} and the channel. {@code
     * expect_versions} raises {@value AppendWriter#VERSIONS_NOT_AS_ASSUMED} where a stream it
     * checks is not as assumed; a written stream it does not check, already past its assumed
     * version, fails the insert on the stream-version key; with the counter gone back below its
     * floor, no position is taken and the statement returns no row.
     */
    static String appendAssumingVersionsSql(boolean parallelCommits) {
        String positions = parallelCommits
                ? takePositions(true, STREAMS_AS_ASSUMED)
                : takePositions(false, STREAMS_AT_LAST_EVENT_AS_ASSUMED);
        return "WITH " + (parallelCommits ? MOVE_STREAMS_AS_ASSUMED_CTE : "") + "pos AS (\n    " + positions + "\n),"
                + INSERT_EVENTS_CTE + "\n" + SELECT_POSITION_AND_NOTIFY;
    }

    /** With parallel commits, the condition {@link #READ_ALL_SQL} and the head position add. */
    static final String VISIBLE_ONLY_SQL = " AND position < " + VISIBLE_POSITIONS_BELOW;

    static final String READ_STREAM_SQL = """
            SELECT %s FROM {events}
            WHERE stream_id = ? AND version > ?
            ORDER BY version
            LIMIT ?
            """.formatted(EVENT_COLUMNS);

    /** Several streams in one query; each stream contributes at most a page, so the sort stays small. */
    static final String READ_STREAMS_SQL = """
            SELECT e.*, r.ord
            FROM unnest(?::text[], ?::bigint[]) WITH ORDINALITY AS r(stream_id, after_version, ord)
            CROSS JOIN LATERAL (
                SELECT %s FROM {events} AS x
                WHERE x.stream_id = r.stream_id AND x.version > r.after_version
                ORDER BY x.version
                LIMIT ?
            ) AS e
            ORDER BY r.ord, e.version
            LIMIT ?
            """.formatted(EVENT_COLUMNS);

    static final String READ_ALL_SQL = """
            SELECT %s FROM {events}
            WHERE position > ?%s
            ORDER BY position
            LIMIT ?
            """;

    static final String TYPE_FILTER_SQL = " AND event_type = ANY(?::text[])";
    static final String PREFIX_FILTER_SQL = " AND stream_id LIKE ? ESCAPE '\\'";
    static final String PATTERN_FILTER_SQL = " AND stream_id ~ ?";

    static final String HEAD_POSITION_SQL = "SELECT last FROM {position}";

    /**
     * Run once per store before its first append with the counter. A log written with parallel
     * commits holds positions far above the counter, and positions below them would be behind
     * every reader's checkpoint, so the counter moves above the log's last position. And appends
     * with the counter no longer keep the streams table, so it records from which position on the
     * streams table may be behind the log, unless an earlier store recorded that already.
     */
    static final String COUNTER_ABOVE_EVERY_POSITION_SQL = """
            UPDATE {position} SET last = greatest(last, m.head),
                                  streams_behind_after = coalesce(streams_behind_after, greatest(last, m.head))
            FROM (SELECT coalesce(max(position), 0) AS head FROM {events}) AS m
            """;

    /**
     * Run once per store before its first append with parallel commits, which lock and read the
     * streams table: brings it up to every stream's last version in the events written with the
     * counter since {@code streams_behind_after} (through the position index), then clears that.
     */
    static final String STREAMS_CAUGHT_UP_SQL = """
            WITH behind AS (
                SELECT streams_behind_after AS after FROM {position} WHERE streams_behind_after IS NOT NULL
            ), caught_up AS (
                INSERT INTO {streams} AS s (stream_id, version)
                SELECT e.stream_id, max(e.version) FROM {events} AS e, behind
                WHERE e.position > behind.after
                GROUP BY e.stream_id
                ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version WHERE s.version < excluded.version
            )
            UPDATE {position} SET streams_behind_after = NULL WHERE streams_behind_after IS NOT NULL
            """;

    /**
     * With parallel commits: the last position below the horizon, walking the position index
     * backwards from it (written as a sort with a limit so that no plan can become a scan).
     */
    static final String VISIBLE_HEAD_POSITION_SQL = """
            SELECT coalesce((SELECT position FROM {events} WHERE position > 0%s ORDER BY position DESC LIMIT 1), 0)
            """.formatted(VISIBLE_ONLY_SQL);

    /**
     * How many of the schema's objects exist: the three tables, the function appends call, the
     * streams' writer column and the position's streams_behind_after column (what a schema created
     * by hand from an older script lacks).
     */
    static final String SCHEMA_PRESENT_SQL = """
            SELECT (SELECT count(*) FROM pg_catalog.pg_tables
                    WHERE schemaname = ? AND tablename = ANY(?::text[]))
                 + (SELECT count(*) FROM pg_catalog.pg_proc p
                    JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = ? AND p.proname = ?)
                 + (SELECT count(*) FROM pg_catalog.pg_attribute a
                    JOIN unnest(?::text[], ?::text[]) AS c(table_name, column_name)
                      ON a.attrelid = to_regclass(quote_ident(?) || '.' || quote_ident(c.table_name))
                     AND a.attname = c.column_name
                    WHERE NOT a.attisdropped)
            """;


    /** Leaves room for the longest name the schema creates, {@code events_immutable_trg}. */
    private static final int MAX_PREFIX_LENGTH = SchemaScripts.MAX_IDENTIFIER_LENGTH - "events_immutable_trg".length();

    private static final JsonMapper METADATA_MAPPER = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {};
    private static final String EMPTY_JSON_OBJECT = "{}";

    private final DataSource dataSource;
    private final EventSerializer serializer;
    private final String schema;
    private final String tablePrefix;
    private final String channel;
    private final int fetchSize;
    private final EventStoreListener listener;
    private final String readStreamSql;
    private final String readStreamsSql;
    private final String headPositionSql;
    private final String eventsTable;
    private final boolean parallelCommits;
    private final int writerThreads;
    private final Duration maxBatchDelay;
    private final AppendWriter writer;
    private final @Nullable GroupCommitQueue queue;
    private final CopyOnWriteArrayList<Runnable> watchers = new CopyOnWriteArrayList<>();
    private final Object watchLock = new Object();
    private @Nullable NotificationListener notificationListener;
    private volatile boolean closed;

    private PostgresEventStore(Builder builder) {
        this.dataSource = builder.dataSource;
        this.serializer = builder.serializer;
        this.schema = builder.schema;
        this.tablePrefix = builder.tablePrefix;
        this.channel = channelName(schema, tablePrefix);
        this.fetchSize = builder.fetchSize;
        this.listener = builder.listener;
        this.eventsTable = table("events");
        this.parallelCommits = builder.parallelCommits;
        this.writerThreads = builder.groupCommit ? builder.effectiveWriterThreads() : 0;
        this.maxBatchDelay = builder.groupCommit ? builder.maxBatchDelay : Duration.ZERO;
        this.readStreamSql = qualify(READ_STREAM_SQL);
        this.readStreamsSql = qualify(READ_STREAMS_SQL);
        this.headPositionSql = qualify(parallelCommits ? VISIBLE_HEAD_POSITION_SQL : HEAD_POSITION_SQL);
        this.writer = new AppendWriter(dataSource, parallelCommits ? null : qualify(LOCK_COUNTER_SQL),
                qualify(parallelCommits ? LOCK_STREAMS_SQL : STREAM_VERSIONS_SQL),
                qualify(appendEventsSql(parallelCommits)), qualify(appendAssumingVersionsSql(parallelCommits)),
                qualify(parallelCommits ? STREAMS_CAUGHT_UP_SQL : COUNTER_ABOVE_EVERY_POSITION_SQL), channel,
                listener, this::notifyWatchers);
        this.queue = builder.groupCommit
                ? new GroupCommitQueue(writer, writerThreads, builder.maxBatchSize, MAX_BATCH_EVENTS,
                        maxBatchDelay.toNanos(), "eventcore-" + schema + "." + tablePrefix)
                : null;
    }

    /**
     * Starts building a store.
     *
     * @param dataSource where the tables live; the store borrows a connection per operation (per
     *     batch with group commit)
     * @param serializer turns payloads into JSON and back
     * @return the builder
     */
    public static Builder builder(DataSource dataSource, EventSerializer serializer) {
        return new Builder(dataSource, serializer);
    }

    // ---------------------------------------------------------------------------------------- schema

    /**
     * Creates the schema, tables and trigger if they are missing. Idempotent, and safe to run from
     * several JVMs at once (it takes a transaction-scoped advisory lock).
     *
     * @throws EventStoreException if the DDL fails
     */
    public void initializeSchema() {
        runScript(SCHEMA_RESOURCE, "initializing the schema");
    }

    /**
     * Drops the tables and the trigger function (not the schema itself). For tests and local
     * resets: every event is lost.
     *
     * @throws EventStoreException if the DDL fails
     */
    public void dropSchema() {
        runScript(DROP_SCHEMA_RESOURCE, "dropping the schema");
    }

    /**
     * Whether the store's schema is complete: its three tables, and the function and the columns its
     * appends use (the streams' {@code writer}, the position's {@code streams_behind_after}), which
     * a schema created by hand from an older script lacks.
     *
     * @return {@code true} if they all exist
     * @throws EventStoreException if the database cannot be asked
     */
    public boolean isSchemaPresent() {
        try (Connection connection = connection("checking the schema");
                PreparedStatement check = connection.prepareStatement(SCHEMA_PRESENT_SQL)) {
            String[] tables = {tablePrefix + "events", tablePrefix + "streams", tablePrefix + "position"};
            String[] columnTables = {tablePrefix + "streams", tablePrefix + "position"};
            String[] columns = {"writer", "streams_behind_after"};
            check.setString(1, schema);
            check.setArray(2, connection.createArrayOf("text", tables));
            check.setString(3, schema);
            check.setString(4, tablePrefix + "expect_versions");
            check.setArray(5, connection.createArrayOf("text", columnTables));
            check.setArray(6, connection.createArrayOf("text", columns));
            check.setString(7, schema);
            try (ResultSet rs = check.executeQuery()) {
                rs.next();
                return rs.getInt(1) == tables.length + 1 + columns.length;
            }
        } catch (SQLException e) {
            throw SqlFailures.beforeCommit("checking the schema", e, null);
        }
    }

    /**
     * The SQL of the schema script with this store's schema and prefix substituted, as
     * {@link #initializeSchema()} runs it; for migration tools.
     *
     * @return the DDL
     */
    public String schemaScript() {
        return script(SCHEMA_RESOURCE);
    }

    private void runScript(String resource, String what) {
        String sql = script(resource);
        try (Connection connection = connection(what)) {
            SchemaScripts.run(connection, "eventcore:" + schema + "." + tablePrefix, sql);
        } catch (SQLException e) {
            throw SqlFailures.beforeCommit(what + " (schema " + schema + ", prefix " + tablePrefix + ")", e, null);
        }
    }

    private String script(String resource) {
        return SchemaScripts.load(PostgresEventStore.class, resource, schema, tablePrefix);
    }

    // ---------------------------------------------------------------------------------------- append

    /**
     * {@inheritDoc}
     *
     * <p>Blocks until the append's batch committed or failed. Payloads are serialized on the
     * calling thread before the append is queued.
     *
     * @throws io.eventcore.EventSerializationException if a payload cannot be serialized; nothing
     *     is written
     * @throws EventStoreUnavailableException if no connection could be had, or it was lost before
     *     COMMIT; nothing was written
     * @throws EventStoreException if the store is closed, or the database failed otherwise
     */
    @Override
    public AppendResult append(AppendRequest request) {
        return enqueue(request, List.of()).await();
    }

    /**
     * {@inheritDoc}
     *
     * <p>With group commit and one writer thread, returns as soon as the append is queued: the
     * writer checks each dependency when it writes the batch that holds this append (a dependency
     * is always in that batch or an earlier one) and refuses the append with a {@link
     * StreamVersionConflictException} if one did not commit. Otherwise (no group commit, or several
     * writers, any of which may hold a dependency) it first waits for the dependencies here.
     * Payloads are serialized on the calling thread before the append is queued.
     *
     * @throws io.eventcore.EventSerializationException if a payload cannot be serialized; nothing
     *     is written
     * @throws EventStoreException if the store is closed
     */
    @Override
    public QueuedAppend enqueue(AppendRequest request, Collection<? extends QueuedAppend> after) {
        Objects.requireNonNull(request, "request must not be null");
        Objects.requireNonNull(after, "after must not be null");
        if (closed) {
            throw closedException();
        }
        long start = System.nanoTime();
        List<PendingEvent> events = request.events();
        if (parallelCommits && events.size() > MAX_EVENTS_PER_TRANSACTION) {
            throw new IllegalArgumentException("with parallel commits an append carries at most "
                    + MAX_EVENTS_PER_TRANSACTION + " events, this one has " + events.size());
        }
        String[] payloads = new String[events.size()];
        String[] metadata = new String[events.size()];
        for (int i = 0; i < payloads.length; i++) {
            PendingEvent event = events.get(i);
            payloads[i] = serializer.serialize(event.payload());
            metadata[i] = attributesJson(event.metadata().attributes());
        }
        List<PendingAppend> queuedAfter = new ArrayList<>(after.size());
        @Nullable RuntimeException failedDependency = awaitUnqueued(request, after, queuedAfter);
        PendingAppend append = new PendingAppend(request, payloads, metadata, start, queuedAfter, writer);
        if (failedDependency != null) {
            writer.fail(append, failedDependency);
        } else if (queue != null) {
            queue.submit(append);
        } else {
            writer.write(List.of(append));
        }
        return append;
    }

    /**
     * Sorts the dependencies: this store's own appends still queued, which its one writer checks
     * when it writes them (it takes them in queue order), go to {@code queued}; any other is
     * waited for here.
     *
     * @return the conflict to fail the append with if a dependency waited for did not commit
     */
    private @Nullable RuntimeException awaitUnqueued(AppendRequest request, Collection<? extends QueuedAppend> after,
            List<PendingAppend> queued) {
        // most appends have no dependency or only queued ones: no list for them on every command
        @Nullable List<QueuedAppend> others = null;
        for (QueuedAppend dependency : after) {
            if (queue != null && writerThreads == 1 && dependency instanceof PendingAppend own
                    && own.writer == writer && !own.isDone()) {
                queued.add(own);
            } else {
                if (others == null) {
                    others = new ArrayList<>(after.size());
                }
                others.add(dependency);
            }
        }
        return others == null ? null : QueuedAppend.awaitCommitted(request, others);
    }

    // ---------------------------------------------------------------------------------------- reads

    /**
     * {@inheritDoc}
     *
     * <p>One query for all streams; a stream longer than {@link Builder#fetchSize} is read in
     * pages, each its own query, so the events already delivered are a consistent prefix of the
     * stream but several pages are not one snapshot.
     *
     * @throws EventSerializationException if an event cannot be decoded, naming its position and
     *     type; events before it were delivered
     */
    @Override
    public void readStreams(Collection<StreamRead> reads, EventSink sink) {
        Objects.requireNonNull(reads, "reads must not be null");
        Objects.requireNonNull(sink, "sink must not be null");
        if (reads.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        int delivered = 0;
        List<StreamRead> pending = List.copyOf(reads);
        try (Connection connection = connection("reading streams")) {
            while (!pending.isEmpty()) {
                Page page = pending.size() == 1
                        ? readStreamPage(connection, pending.get(0), sink)
                        : readStreamsPage(connection, pending, sink);
                delivered += page.rows;
                if (page.rows < fetchSize) {
                    break;
                }
                // a full page: continue from the last event delivered, dropping streams already done
                List<StreamRead> next = new ArrayList<>(pending.size() - page.lastIndex);
                next.add(new StreamRead(pending.get(page.lastIndex).streamId(), page.lastVersion));
                next.addAll(pending.subList(page.lastIndex + 1, pending.size()));
                pending = next;
            }
        } catch (SQLException e) {
            throw SqlFailures.beforeCommit("reading streams", e, null);
        }
        listener.read(Duration.ofNanos(System.nanoTime() - start), delivered);
    }

    /** What a page delivered: rows, and the index into the page's reads and version of the last. */
    private record Page(int rows, int lastIndex, long lastVersion) {}

    private Page readStreamPage(Connection connection, StreamRead read, EventSink sink) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(readStreamSql)) {
            select.setString(1, read.streamId().value());
            select.setLong(2, read.afterVersion());
            select.setInt(3, fetchSize);
            int rows = 0;
            long lastVersion = read.afterVersion();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    EventEnvelope event = decode(rs, read.streamId());
                    lastVersion = event.version();
                    rows++;
                    sink.accept(event);
                }
            }
            return new Page(rows, 0, lastVersion);
        }
    }

    private Page readStreamsPage(Connection connection, List<StreamRead> reads, EventSink sink) throws SQLException {
        String[] ids = new String[reads.size()];
        Long[] after = new Long[reads.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = reads.get(i).streamId().value();
            after[i] = reads.get(i).afterVersion();
        }
        try (PreparedStatement select = connection.prepareStatement(readStreamsSql)) {
            select.setArray(1, connection.createArrayOf("text", ids));
            select.setArray(2, connection.createArrayOf("int8", after));
            select.setInt(3, fetchSize);
            select.setInt(4, fetchSize);
            int rows = 0;
            int lastIndex = 0;
            long lastVersion = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    lastIndex = (int) rs.getLong(11) - 1;
                    EventEnvelope event = decode(rs, reads.get(lastIndex).streamId());
                    lastVersion = event.version();
                    rows++;
                    sink.accept(event);
                }
            }
            return new Page(rows, lastIndex, lastVersion);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Filters are part of the query: event types with {@code = ANY}, the prefix with an escaped
     * {@code LIKE}, the glob as an anchored, escaped regular expression.
     *
     * @throws EventSerializationException if an event cannot be decoded, naming its position and
     *     type
     */
    @Override
    public List<EventEnvelope> readAll(long afterPosition, EventFilter filter, int limit) {
        Objects.requireNonNull(filter, "filter must not be null");
        if (afterPosition < 0) {
            throw new IllegalArgumentException("afterPosition must be at least 0, was " + afterPosition);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        long start = System.nanoTime();
        StringBuilder conditions = new StringBuilder();
        if (!filter.eventTypes().isEmpty()) {
            conditions.append(TYPE_FILTER_SQL);
        }
        if (filter.streamPrefix() != null) {
            conditions.append(PREFIX_FILTER_SQL);
        }
        if (filter.streamPattern() != null) {
            conditions.append(PATTERN_FILTER_SQL);
        }
        if (parallelCommits) {
            conditions.append(VISIBLE_ONLY_SQL);
        }
        String sql = READ_ALL_SQL.formatted(EVENT_COLUMNS, conditions).replace("{events}", eventsTable);
        List<EventEnvelope> events = new ArrayList<>(Math.min(limit, 1024));
        try (Connection connection = connection("reading the global log");
                PreparedStatement select = connection.prepareStatement(sql)) {
            int p = 1;
            select.setLong(p++, afterPosition);
            if (!filter.eventTypes().isEmpty()) {
                select.setArray(p++, connection.createArrayOf("text", filter.eventTypes().toArray()));
            }
            String prefix = filter.streamPrefix();
            if (prefix != null) {
                select.setString(p++, likePrefix(prefix));
            }
            String pattern = filter.streamPattern();
            if (pattern != null) {
                select.setString(p++, globToPostgresRegex(pattern));
            }
            select.setInt(p, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    events.add(decode(rs, null));
                }
            }
        } catch (SQLException e) {
            throw SqlFailures.beforeCommit("reading the global log", e, null);
        }
        listener.read(Duration.ofNanos(System.nanoTime() - start), events.size());
        return events;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads the position counter: one row, whatever the size of the log. With parallel commits,
     * reads the last position below the readers' horizon from the position index.
     */
    @Override
    public long headPosition() {
        try (Connection connection = connection("reading the head position");
                PreparedStatement select = connection.prepareStatement(headPositionSql);
                ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                // with parallel commits the query always returns a row
                throw new EventStoreException("the position counter row is missing in " + table("position")
                        + ": was the schema initialized?", new IllegalStateException("no counter row"));
            }
            return rs.getLong(1);
        } catch (SQLException e) {
            throw SqlFailures.beforeCommit("reading the head position", e, null);
        }
    }

    private EventEnvelope decode(ResultSet rs, @Nullable StreamId known) throws SQLException {
        long position = rs.getLong(1);
        String streamText = rs.getString(2);
        StreamId stream = known != null && known.value().equals(streamText) ? known : StreamId.of(streamText);
        long version = rs.getLong(3);
        UUID eventId = rs.getObject(4, UUID.class);
        String type = rs.getString(5);
        Instant recordedAt = rs.getObject(6, OffsetDateTime.class).toInstant();
        @Nullable UUID correlationId = rs.getObject(7, UUID.class);
        @Nullable UUID causationId = rs.getObject(8, UUID.class);
        String attributes = rs.getString(9);
        Object payload = serializer.deserialize(type, rs.getString(10), position);
        EventMetadata metadata = correlationId == null && causationId == null && EMPTY_JSON_OBJECT.equals(attributes)
                ? EventMetadata.EMPTY
                : new EventMetadata(correlationId, causationId, parseAttributes(attributes, type, position));
        return new EventEnvelope(eventId, stream, version, position, type, recordedAt, metadata, payload);
    }

    // ---------------------------------------------------------------------------------------- watch

    /**
     * {@inheritDoc}
     *
     * <p>The callback runs on a writer thread after each commit of this store that wrote events,
     * and on the listener thread when another JVM's commit is notified on
     * {@link #notificationChannel()}. The first call opens the {@code LISTEN} connection, which is
     * held until {@link #close()}.
     */
    @Override
    public AutoCloseable watch(Runnable callback) {
        Objects.requireNonNull(callback, "callback must not be null");
        if (closed) {
            throw closedException();
        }
        synchronized (watchLock) {
            if (notificationListener == null) {
                notificationListener = new NotificationListener(dataSource, channel, this::notifyWatchers,
                        "eventcore-" + schema + "." + tablePrefix + "-listener");
            }
        }
        watchers.add(callback);
        return () -> watchers.remove(callback);
    }

    private void notifyWatchers() {
        for (Runnable watcher : watchers) {
            try {
                watcher.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "an event store watcher failed; it stays registered", e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------- accessors

    /**
     * The channel the append path notifies after each commit that wrote events, with the last
     * position written as payload: {@code <schema>_<tablePrefix>events}. {@code LISTEN} on it to
     * learn about new events without polling.
     *
     * @return the channel name
     */
    public String notificationChannel() {
        return channel;
    }

    /**
     * The schema the tables live in.
     *
     * @return the schema name
     */
    public String schema() {
        return schema;
    }

    /**
     * The prefix of the table names.
     *
     * @return the prefix, possibly empty
     */
    public String tablePrefix() {
        return tablePrefix;
    }

    /**
     * Whether positions come from the transaction id rather than the position counter.
     *
     * @return the setting of {@link Builder#parallelCommits}
     */
    public boolean parallelCommits() {
        return parallelCommits;
    }

    /**
     * How many writer threads drain the group-commit queue.
     *
     * @return the count in force; 0 without group commit
     */
    public int writerThreads() {
        return writerThreads;
    }

    /**
     * How long a group-commit writer may wait for its batch to grow to the size of its previous one.
     *
     * @return the delay in force; zero without group commit
     */
    public Duration maxBatchDelay() {
        return maxBatchDelay;
    }

    /**
     * The database the store runs on, for components that keep their own tables beside its own
     * (projection checkpoints, leadership locks).
     *
     * @return the data source it was built with
     */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Whether {@link #close()} was called; for tests. */
    boolean isClosed() {
        return closed;
    }

    /** Appends waiting for a writer thread; for tests. */
    int queuedAppends() {
        return queue == null ? 0 : queue.queued();
    }

    /**
     * Stops accepting appends, writes the ones already queued (each completes or fails with its own
     * outcome before this returns, unless a writer is stuck for more than 30 seconds, in which case
     * the appends still queued fail with an {@link EventStoreException}), and closes the
     * {@code LISTEN} connection. Later appends fail with an {@link EventStoreException}. Without
     * group commit, appends already running on their callers' threads finish on their own. The
     * {@link DataSource} is not closed: it belongs to the caller. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        if (queue != null) {
            queue.close(CLOSE_TIMEOUT_MILLIS);
        }
        synchronized (watchLock) {
            if (notificationListener != null) {
                notificationListener.close();
                notificationListener = null;
            }
        }
        watchers.clear();
    }

    // ---------------------------------------------------------------------------------------- helpers

    private Connection connection(String what) {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new EventStoreUnavailableException(
                    "cannot get a connection for " + what + ": " + SqlFailures.describe(e), e);
        }
    }

    private EventStoreException closedException() {
        return new EventStoreException("the event store is closed", new IllegalStateException("closed"));
    }

    private String quotedSchema() {
        return '"' + schema + '"';
    }

    private String table(String name) {
        return quotedSchema() + "." + tablePrefix + name;
    }

    /** An SQL template with this store's table names substituted. */
    String qualify(String sql) {
        return sql.replace("{events}", table("events"))
                .replace("{streams}", table("streams"))
                .replace("{position}", table("position"))
                .replace("{expect_versions}", table("expect_versions"));
    }

    static String channelName(String schema, String tablePrefix) {
        return schema + "_" + tablePrefix + "events";
    }

    static String attributesJson(Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return EMPTY_JSON_OBJECT;
        }
        return jsonObject(attributes);
    }

    /** A JSON object with the map's entries, keys escaped as JSON requires. */
    static String jsonObject(Map<String, ?> entries) {
        return METADATA_MAPPER.writeValueAsString(entries);
    }

    private static Map<String, String> parseAttributes(String json, String type, long position) {
        if (EMPTY_JSON_OBJECT.equals(json)) {
            return Map.of();
        }
        try {
            return METADATA_MAPPER.readValue(json, ATTRIBUTES);
        } catch (JacksonException e) {
            throw new EventSerializationException("cannot decode the metadata of the event at position %d of type '%s': %s"
                    .formatted(position, type, e.getOriginalMessage()), type, position, e);
        }
    }

    /** A LIKE pattern matching ids that start with {@code prefix}, its wildcards escaped. */
    static String likePrefix(String prefix) {
        StringBuilder like = new StringBuilder(prefix.length() + 4);
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '\\' || c == '%' || c == '_') {
                like.append('\\');
            }
            like.append(c);
        }
        return like.append('%').toString();
    }

    /**
     * Translates an {@link EventFilter} glob into an anchored PostgreSQL regular expression with the
     * same meaning as {@link EventFilter#globToRegex}: {@code *}, {@code ?} and {@code [...]} are
     * the only specials, every other ASCII punctuation character is escaped.
     */
    static String globToPostgresRegex(String glob) {
        EventFilter.globToRegex(glob); // rejects an unclosed '[' with the same message
        StringBuilder regex = new StringBuilder(glob.length() + 8).append('^');
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    regex.append('[');
                    for (int j = i + 1; j < end; j++) {
                        char s = glob.charAt(j);
                        if (s == '\\' || s == '^' || s == '[') {
                            regex.append('\\');
                        }
                        regex.append(s);
                    }
                    regex.append(']');
                    i = end;
                }
                default -> {
                    // in a PostgreSQL ARE a backslash before a non-alphanumeric character makes it literal
                    if (c < 128 && !Character.isLetterOrDigit(c)) {
                        regex.append('\\');
                    }
                    regex.append(c);
                }
            }
        }
        return regex.append('$').toString();
    }

    /**
     * Configures a {@link PostgresEventStore}. Not thread-safe.
     */
    public static final class Builder {

        private final DataSource dataSource;
        private final EventSerializer serializer;
        private String schema = "public";
        private String tablePrefix = "eventcore_";
        private boolean groupCommit = true;
        private int maxBatchSize = 256;
        private Duration maxBatchDelay = DEFAULT_MAX_BATCH_DELAY;
        private int fetchSize = 1000;
        private int writerThreads;
        private boolean parallelCommits;
        private EventStoreListener listener = EventStoreListener.NONE;

        private Builder(DataSource dataSource, EventSerializer serializer) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
            this.serializer = Objects.requireNonNull(serializer, "serializer must not be null");
        }

        /**
         * The schema of the tables; default {@code public}.
         *
         * @param schema a lowercase SQL identifier ({@code [a-z_][a-z0-9_]*}, at most 63 characters)
         * @return this builder
         * @throws IllegalArgumentException if the name is not such an identifier
         */
        public Builder schema(String schema) {
            this.schema = SchemaScripts.checkSchema(schema);
            return this;
        }

        /**
         * The prefix of the table names; default {@code eventcore_}.
         *
         * @param tablePrefix empty, or a lowercase identifier start ({@code [a-z_][a-z0-9_]*})
         * @return this builder
         * @throws IllegalArgumentException if the prefix is not of that form
         */
        public Builder tablePrefix(String tablePrefix) {
            this.tablePrefix = SchemaScripts.checkPrefix(tablePrefix, MAX_PREFIX_LENGTH);
            return this;
        }

        /**
         * Whether concurrent appends are written together, many per transaction, by writer threads;
         * default {@code true}. Without it every append is its own transaction on the caller's
         * thread (same SQL).
         *
         * @param groupCommit whether to group commits
         * @return this builder
         */
        public Builder groupCommit(boolean groupCommit) {
            this.groupCommit = groupCommit;
            return this;
        }

        /**
         * The most appends one group-commit transaction writes; default 256.
         *
         * @param maxBatchSize at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxBatchSize(int maxBatchSize) {
            if (maxBatchSize < 1) {
                throw new IllegalArgumentException("maxBatchSize must be at least 1, was " + maxBatchSize);
            }
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /**
         * How long a group-commit writer may wait for more appends when fewer are queued than its
         * previous batch carried; default 100 µs, zero to send what is queued at once. A commit
         * costs about the same for one append as for twenty (its WAL flush dominates), and under
         * load the callers the previous commit released are usually about to append again, so
         * waiting for them makes fewer, fuller commits: on two cores this measured 3–6 % more
         * throughput on the single-stream benchmark. A writer whose previous batch carried at most
         * one append never waits, so a lone caller pays nothing, and neither does a batch that
         * already carries 64 events (bulk appends, whose commits are mostly their events). Ignored
         * without group commit.
         *
         * @param maxBatchDelay zero or more, at most one second
         * @return this builder
         * @throws IllegalArgumentException if negative or longer than a second
         */
        public Builder maxBatchDelay(Duration maxBatchDelay) {
            Objects.requireNonNull(maxBatchDelay, "maxBatchDelay must not be null");
            if (maxBatchDelay.isNegative() || maxBatchDelay.compareTo(MAX_BATCH_DELAY_LIMIT) > 0) {
                throw new IllegalArgumentException(
                        "maxBatchDelay must be between 0 and " + MAX_BATCH_DELAY_LIMIT + ", was " + maxBatchDelay);
            }
            this.maxBatchDelay = maxBatchDelay;
            return this;
        }

        /**
         * How many events a stream read fetches per query; default 1000.
         *
         * @param fetchSize at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder fetchSize(int fetchSize) {
            if (fetchSize < 1) {
                throw new IllegalArgumentException("fetchSize must be at least 1, was " + fetchSize);
            }
            this.fetchSize = fetchSize;
            return this;
        }

        /**
         * How many writer threads drain the group-commit queue, each with its own transaction in
         * flight; default 1, or 2 with {@link #parallelCommits}. With the position counter, batches
         * commit one after another anyway, and a batch whose expectations are all exact goes in one
         * round trip, so a second writer mostly waits for the counter while making every batch
         * smaller: on two cores one writer measured about 1.6 times the single-stream throughput of
         * two. A second writer can still help when many appends expect any version (two round trips
         * each). With parallel commits, two writers overlap their commits. Ignored without group
         * commit.
         *
         * @param writerThreads at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder writerThreads(int writerThreads) {
            if (writerThreads < 1) {
                throw new IllegalArgumentException("writerThreads must be at least 1, was " + writerThreads);
            }
            this.writerThreads = writerThreads;
            return this;
        }

        /**
         * Whether transactions take positions from their transaction id instead of the position
         * counter, so that commits no longer wait for each other; default {@code false}.
         *
         * <p>Readers still never skip an event: {@link PostgresEventStore#readAll} and {@link
         * PostgresEventStore#headPosition} stop below the oldest transaction still running in the
         * PostgreSQL cluster, and each stream's events stay in version order in the log. The price:
         * positions have large gaps (a transaction's start above its id times 2<sup>20</sup>, so
         * {@link io.eventcore.projection.ProjectionStatus#lagEvents()} counts positions rather than
         * events), an append carries at most 1,048,575 events, and any long transaction that has
         * written something, in any database of the cluster, holds back what readers see until it
         * ends. Every store on the same tables must use the same setting while they run; a store
         * that goes back to the counter first moves it above the log's last position, and one that
         * turns parallel commits on first brings the streams table (which appends with the counter
         * leave alone) up to every stream's last event.
         *
         * @param parallelCommits whether to take positions from the transaction id
         * @return this builder
         */
        public Builder parallelCommits(boolean parallelCommits) {
            this.parallelCommits = parallelCommits;
            return this;
        }

        private int effectiveWriterThreads() {
            return writerThreads > 0 ? writerThreads : parallelCommits ? 2 : 1;
        }

        /**
         * Observes appends, reads and batches, for metrics; default none.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(EventStoreListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener must not be null");
            return this;
        }

        /**
         * Builds the store and, with group commit, starts its writer threads. Does not touch the
         * database: call {@link PostgresEventStore#initializeSchema()} if the tables may be missing.
         *
         * @return the store
         * @throws IllegalArgumentException if schema and prefix make a name longer than PostgreSQL
         *     allows
         */
        public PostgresEventStore build() {
            String channel = channelName(schema, tablePrefix);
            if (channel.length() > SchemaScripts.MAX_IDENTIFIER_LENGTH) {
                throw new IllegalArgumentException("schema and tablePrefix are too long: the notification channel '"
                        + channel + "' must fit in " + SchemaScripts.MAX_IDENTIFIER_LENGTH + " characters");
            }
            return new PostgresEventStore(this);
        }
    }
}
