package io.eventcore.store.postgres;

import io.eventcore.EventStoreException;
import io.eventcore.EventStoreUnavailableException;
import io.eventcore.StreamId;
import io.eventcore.StreamVersionConflictException;
import io.eventcore.internal.postgres.SqlFailures;
import io.eventcore.store.AppendResult;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventMetadata;
import io.eventcore.store.EventStoreListener;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.store.PendingEvent;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Writes a batch of appends in one transaction and completes each append with its own outcome.
 *
 * <p>When every expectation in the batch is exact (what the executor sends), the batch goes in one
 * round trip: the writer assumes each stream is at the version its first append expects, decides
 * the batch on that, and sends one statement that checks the assumption under lock (the counter's,
 * or with parallel commits the streams'), writes, and commits. Otherwise, or when the assumption
 * was wrong, it takes two: lock and read the streams' versions; decide; insert and commit.
 */
final class AppendWriter implements GroupCommitQueue.BatchWriter {

    /** What the schema's {@code expect_versions} raises when a stream was not at the version assumed. */
    static final String VERSIONS_NOT_AS_ASSUMED = "EC409";

    /**
     * What PostgreSQL raises when an insert breaks a unique key: in the one round trip with the
     * counter, a written stream whose version was not checked was past the version assumed (or an
     * event id was taken, which the two round trips then find again).
     */
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final String lockStreamsSql;
    private final String appendEventsSql;
    private final String appendAssumingSql;
    private final String prepareTablesSql;
    /** No counter lock statement: versions come from the streams table, under its row locks. */
    private final boolean parallelCommits;
    /** With the counter: the versions the one round trip need not read. */
    private final CommittedVersions committed = new CommittedVersions();
    private volatile boolean tablesPrepared;
    private final String channel;
    private final EventStoreListener listener;
    private final Runnable afterCommit;

    /**
     * @param lockCounterSql with the counter, the statement that takes its lock, which the writer
     *     sends before the statements that read versions ({@code lockStreamsSql} and {@code
     *     appendAssumingSql}) in the same round trip; {@code null} with parallel commits, where
     *     versions come from the streams table and its row locks
     * @param lockStreamsSql first of two round trips: lock the streams (with the counter: read
     *     their versions) and read their versions
     * @param appendEventsSql second of two round trips
     * @param appendAssumingSql the one round trip when every version is assumed
     * @param prepareTablesSql what brings the tables in line with the mode, once, before the first append
     */
    AppendWriter(DataSource dataSource, @Nullable String lockCounterSql, String lockStreamsSql,
            String appendEventsSql, String appendAssumingSql, String prepareTablesSql, String channel,
            EventStoreListener listener, Runnable afterCommit) {
        this.dataSource = dataSource;
        this.parallelCommits = lockCounterSql == null;
        // a statement's snapshot is taken when it starts: one that read versions while waiting for
        // another writer's COMMIT at the counter would miss that writer's events
        String lockFirst = lockCounterSql == null ? "" : lockCounterSql + ";\n";
        this.lockStreamsSql = lockFirst + lockStreamsSql;
        // COMMIT travels in the same round trip as the statement that writes
        this.appendEventsSql = appendEventsSql.strip() + ";\nCOMMIT";
        this.appendAssumingSql = lockFirst + appendAssumingSql.strip() + ";\nCOMMIT";
        this.prepareTablesSql = prepareTablesSql;
        this.channel = channel;
        this.listener = listener;
        this.afterCommit = afterCommit;
    }

    /**
     * Writes the batch and completes every append in it, whatever happens. Never throws.
     *
     * @param batch appends in queue order; a later one sees the versions written by earlier ones
     */
    @Override
    public void write(List<PendingAppend> batch) {
        try {
            if (!writeTogether(batch)) {
                // A failure that may belong to one append only (a duplicate event id, say) must not
                // fail the others: each goes again in a transaction of its own.
                for (PendingAppend append : batch) {
                    writeTogether(List.of(append));
                }
            }
        } catch (Throwable e) {
            // a bug or an exhausted JVM: no caller may be left waiting for an outcome
            for (PendingAppend append : batch) {
                if (!append.isDone()) {
                    fail(append, new EventStoreException("append failed unexpectedly: " + e, e));
                }
            }
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        }
    }

    /**
     * @return {@code false} if the transaction failed, nothing was written and nothing was
     *     completed, for a reason that may belong to a single append of a batch of several
     */
    private boolean writeTogether(List<PendingAppend> batch) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            EventStoreUnavailableException failure = new EventStoreUnavailableException(
                    "cannot get a connection to append: " + SqlFailures.describe(e), e);
            batch.forEach(append -> fail(append, failure));
            return true;
        }
        try {
            return writeTogether(connection, batch);
        } finally {
            close(connection);
        }
    }

    private boolean writeTogether(Connection connection, List<PendingAppend> batch) {
        if (!tablesPrepared) {
            try {
                prepareTables(connection);
            } catch (SQLException e) {
                RuntimeException failure = SqlFailures.beforeCommit("append", e, connection);
                batch.forEach(append -> fail(append, failure));
                return true;
            }
        }
        @Nullable TreeMap<String, Long> assumed = assumedVersions(batch);
        if (assumed != null) {
            Decision decision = decide(batch, new HashMap<>(assumed));
            if (decision.totalEvents > 0) {
                @Nullable Boolean written = commit(connection, batch, decision, assumed);
                if (written != null) {
                    return written;
                }
            }
        }
        // round trip 1: lock every participating stream and read its version; nothing is decided yet
        Map<String, Long> versions;
        try {
            connection.setAutoCommit(false);
            versions = lockStreams(connection, batch);
        } catch (SQLException e) {
            rollback(connection);
            if (!SqlFailures.isConnectionFailure(e, connection) && batch.size() > 1) {
                return false;
            }
            RuntimeException failure = SqlFailures.beforeCommit("append", e, connection);
            batch.forEach(append -> fail(append, failure));
            return true;
        }
        Decision decision = decide(batch, versions);
        if (decision.totalEvents == 0) {
            try {
                connection.commit();
            } catch (SQLException ignored) {
                // nothing was written: the outcome of every append is its conflict either way
            }
            complete(batch, decision, 0, Instant.EPOCH);
            return true;
        }
        // round trip 2
        Boolean written = commit(connection, batch, decision, null);
        return written != null && written;
    }

    /**
     * The version each stream of the batch would have if the first append touching it expected
     * right, in stream id order; {@code null} if some expectation is not exact.
     */
    private static @Nullable TreeMap<String, Long> assumedVersions(List<PendingAppend> batch) {
        TreeMap<String, Long> assumed = new TreeMap<>();
        for (PendingAppend append : batch) {
            for (Map.Entry<StreamId, ExpectedVersion> expectation : append.request.expectedVersions().entrySet()) {
                if (!(expectation.getValue() instanceof ExpectedVersion.Exact exact)) {
                    return null;
                }
                assumed.putIfAbsent(expectation.getKey().value(), exact.version());
            }
        }
        return assumed;
    }

    /**
     * Checks the appends in queue order against the stream versions, a later append seeing the
     * versions written by earlier ones, and assigns event versions to those that pass.
     *
     * @param versions each participating stream's version before the batch; moved to after it
     */
    private static Decision decide(List<PendingAppend> batch, Map<String, Long> versions) {
        Decision decision = new Decision(batch.size(), versions);
        for (int i = 0; i < batch.size(); i++) {
            PendingAppend append = batch.get(i);
            if (!append.after.isEmpty()) {
                // decided after appends that did not commit: its expectations may match another writer's events
                StreamVersionConflictException failed = failedDependency(batch, i, decision);
                if (failed != null) {
                    decision.conflicts[i] = failed;
                    decision.conflictSeesBatch[i] = true;
                    continue;
                }
            }
            for (Map.Entry<StreamId, ExpectedVersion> expectation : append.request.expectedVersions().entrySet()) {
                String id = expectation.getKey().value();
                long actual = versions.get(id);
                if (!expectation.getValue().matches(actual)) {
                    decision.conflicts[i] = new StreamVersionConflictException(
                            expectation.getKey(), expectation.getValue(), actual);
                    decision.conflictSeesBatch[i] = decision.written.contains(id);
                    break;
                }
            }
            if (decision.conflicts[i] != null) {
                continue;
            }
            List<PendingEvent> events = append.events();
            long[] eventVersions = new long[events.size()];
            for (int j = 0; j < eventVersions.length; j++) {
                String id = events.get(j).streamId().value();
                long next = versions.get(id) + 1;
                versions.put(id, next);
                eventVersions[j] = next;
                decision.written.add(id);
            }
            Map<StreamId, Long> after = new LinkedHashMap<>();
            for (StreamId stream : append.request.expectedVersions().keySet()) {
                after.put(stream, versions.get(stream.value()));
            }
            decision.survivors.add(append);
            decision.survivorVersions.add(eventVersions);
            decision.survivorStreamVersions.add(after);
            decision.totalEvents += eventVersions.length;
        }
        return decision;
    }

    /**
     * Why an append cannot be written: a dependency earlier in the batch that the decision
     * refuses, or one done without committing; {@code null} if every dependency committed or is
     * written with it. A dependency is always queued before its dependent, so it is either done or
     * earlier in the same batch; one that is neither counts as not committed, to be safe.
     */
    private static @Nullable StreamVersionConflictException failedDependency(List<PendingAppend> batch, int index,
            Decision decision) {
        PendingAppend append = batch.get(index);
        for (PendingAppend dependency : append.after) {
            @Nullable Throwable failure = null;
            int place = indexOf(batch, dependency, index);
            if (place >= 0) {
                failure = decision.conflicts[place];
            } else if (!dependency.isDone()) {
                failure = new IllegalStateException("the append it was decided after is neither written nor in its batch");
            } else if (!dependency.committed()) {
                failure = dependency.failure();
                if (failure == null) {
                    failure = new IllegalStateException("the append it was decided after did not commit");
                }
            }
            if (failure != null) {
                return StreamVersionConflictException.afterFailedAppend(append.request, failure);
            }
        }
        return null;
    }

    /** The place of {@code append} among the first {@code before} appends of the batch, or -1. */
    private static int indexOf(List<PendingAppend> batch, PendingAppend append, int before) {
        for (int i = before - 1; i >= 0; i--) {
            if (batch.get(i) == append) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Writes the survivors of a decision and COMMITs in one round trip, then completes the batch.
     *
     * @param assumed the versions the decision assumed, for the one-round-trip statement; {@code null}
     *     when they were read under lock
     * @return {@code true} when every append is complete, {@code false} when nothing was written
     *     and nothing completed for a reason that may belong to a single append, {@code null} when
     *     a stream was not at its assumed version (nothing written, nothing completed)
     */
    private @Nullable Boolean commit(Connection connection, List<PendingAppend> batch, Decision decision,
            @Nullable TreeMap<String, Long> assumed) {
        long lastPosition;
        Instant recordedAt;
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    assumed == null ? appendEventsSql : appendAssumingSql)) {
                if (assumed == null) {
                    bindAppend(connection, insert, decision);
                } else {
                    bindAppendAssuming(connection, insert, decision, assumed);
                }
                insert.execute();
                if (assumed != null && !parallelCommits) {
                    skipCounterLock(insert);
                }
                try (ResultSet rs = insert.getResultSet()) {
                    if (rs == null || !rs.next()) {
                        if (assumed != null && !parallelCommits) {
                            // below its floor, or missing: the two round trips read it under lock and tell
                            return null;
                        }
                        throw counterMissing();
                    }
                    lastPosition = rs.getLong(1);
                    recordedAt = rs.getObject(2, OffsetDateTime.class).toInstant();
                }
            }
        } catch (SQLException e) {
            if (assumed != null && (VERSIONS_NOT_AS_ASSUMED.equals(e.getSQLState())
                    || !parallelCommits && UNIQUE_VIOLATION.equals(e.getSQLState()))) {
                rollback(connection);
                return null;
            }
            // conflicts decided on assumed versions were never confirmed, so they are not reported as such
            boolean conflictsConfirmed = assumed == null;
            if (!SqlFailures.isConnectionFailure(e, connection)) {
                // the statement or the COMMIT failed on a live connection: the transaction is aborted,
                // nothing was written
                rollback(connection);
                if (batch.size() > 1) {
                    return false;
                }
                RuntimeException failure = SqlFailures.beforeCommit("append", e, connection);
                for (int i = 0; i < batch.size(); i++) {
                    StreamVersionConflictException conflict = decision.conflicts[i];
                    fail(batch.get(i), conflict != null && conflictsConfirmed && !decision.conflictSeesBatch[i]
                            ? conflict : failure);
                }
                return true;
            }
            RuntimeException unknown = SqlFailures.duringCommit("append", e, connection);
            RuntimeException nothingWritten = new EventStoreUnavailableException(
                    "append was not written: the connection failed during COMMIT of the batch it was checked in", e);
            for (int i = 0; i < batch.size(); i++) {
                StreamVersionConflictException conflict = decision.conflicts[i];
                if (conflict == null) {
                    fail(batch.get(i), unknown);
                } else {
                    fail(batch.get(i), conflictsConfirmed && !decision.conflictSeesBatch[i] ? conflict : nothingWritten);
                }
            }
            return true;
        }
        afterCommit.run();
        complete(batch, decision, lastPosition, recordedAt);
        if (!parallelCommits) {
            // after the callers are woken: a batch decided before this is recorded only reads more
            committed.committed(decision.versions, lastPosition);
        }
        return true;
    }

    /** Completes every append of a committed batch: survivors with their envelopes, the rest with their conflict. */
    private void complete(List<PendingAppend> batch, Decision decision, long lastPosition, Instant recordedAt) {
        if (!decision.survivors.isEmpty()) {
            listener.batchCommitted(decision.survivors.size());
        }
        long position = lastPosition - decision.totalEvents;
        int survivor = 0;
        for (int i = 0; i < batch.size(); i++) {
            PendingAppend append = batch.get(i);
            StreamVersionConflictException conflict = decision.conflicts[i];
            if (conflict != null) {
                fail(append, conflict);
                continue;
            }
            long[] eventVersions = decision.survivorVersions.get(survivor);
            List<PendingEvent> events = append.events();
            EventEnvelope[] stored = new EventEnvelope[events.size()];
            for (int j = 0; j < stored.length; j++) {
                PendingEvent event = events.get(j);
                stored[j] = new EventEnvelope(event.eventId(), event.streamId(), eventVersions[j], ++position,
                        event.type(), recordedAt, event.metadata(), event.payload());
            }
            succeed(append, new AppendResult(Arrays.asList(stored), decision.survivorStreamVersions.get(survivor)));
            survivor++;
        }
    }

    /** What checking a batch decided: who conflicts, and the versions of everyone else's events. */
    private static final class Decision {

        final @Nullable StreamVersionConflictException[] conflicts;
        /** Whether an append's conflict is with a version written earlier in the same batch. */
        final boolean[] conflictSeesBatch;
        final List<PendingAppend> survivors = new ArrayList<>();
        final List<long[]> survivorVersions = new ArrayList<>();
        final List<Map<StreamId, Long>> survivorStreamVersions = new ArrayList<>();
        /** Every participating stream's version after the batch. */
        final Map<String, Long> versions;
        final Set<String> written = new HashSet<>();
        int totalEvents;

        Decision(int size, Map<String, Long> versions) {
            this.conflicts = new StreamVersionConflictException[size];
            this.conflictSeesBatch = new boolean[size];
            this.versions = versions;
        }
    }

    /**
     * Once per store and before its first append: with the counter, moves it above every position
     * in the log; with parallel commits, brings the streams table up to the log.
     */
    private synchronized void prepareTables(Connection connection) throws SQLException {
        if (tablesPrepared) {
            return;
        }
        try (PreparedStatement prepare = connection.prepareStatement(prepareTablesSql)) {
            prepare.executeUpdate();
        }
        tablesPrepared = true;
    }

    /**
     * With the counter, takes its lock and then reads every participating stream's version. With
     * parallel commits, creates, locks (in stream id order, so writers never deadlock) and reads
     * every participating stream; a stream whose last writer took its transaction id after this
     * transaction would put this one's events before that writer's in the log: then it starts a new
     * transaction, which takes a later id, and locks again.
     */
    private Map<String, Long> lockStreams(Connection connection, List<PendingAppend> batch) throws SQLException {
        Map<String, Long> versions;
        while ((versions = lockStreamsOnce(connection, batch)) == null) {
            connection.rollback();
        }
        return versions;
    }

    /** @return each stream's version; {@code null} if a stream's last writer came after this transaction */
    private @Nullable Map<String, Long> lockStreamsOnce(Connection connection, List<PendingAppend> batch)
            throws SQLException {
        TreeSet<String> ids = new TreeSet<>();
        for (PendingAppend append : batch) {
            ids.addAll(Arrays.asList(append.streamIds));
        }
        Map<String, Long> versions = new HashMap<>(ids.size() * 2);
        try (PreparedStatement lock = connection.prepareStatement(lockStreamsSql)) {
            lock.setArray(1, connection.createArrayOf("text", ids.toArray()));
            lock.execute();
            if (!parallelCommits) {
                committed.counterRead(skipCounterLock(lock));
            }
            try (ResultSet rs = lock.getResultSet()) {
                boolean ordered = true;
                while (rs.next()) {
                    versions.put(rs.getString(1), rs.getLong(2));
                    ordered &= !parallelCommits || rs.getBoolean(3);
                }
                if (!ordered) {
                    return null;
                }
            }
        }
        if (versions.size() != ids.size()) {
            throw new SQLException("locked " + versions.size() + " of " + ids.size() + " streams", "55000");
        }
        return versions;
    }

    /**
     * Moves past the result of the counter's lock that a statement ran first, to the next one's.
     *
     * @return the counter's value
     */
    private static long skipCounterLock(PreparedStatement statement) throws SQLException {
        long last;
        try (ResultSet counter = statement.getResultSet()) {
            if (!counter.next()) {
                throw counterMissing();
            }
            last = counter.getLong(1);
        }
        statement.getMoreResults();
        return last;
    }

    private static SQLException counterMissing() {
        return new SQLException("the position counter row is missing: was the schema initialized?", "55000");
    }

    /** Binds {@link PostgresEventStore#appendEventsSql}. */
    private void bindAppend(Connection connection, PreparedStatement insert, Decision decision) throws SQLException {
        insert.setInt(1, decision.totalEvents);
        insert.setInt(2, decision.totalEvents);
        int p = bindEvents(connection, insert, 3, decision);
        if (parallelCommits) {
            String[] writtenIds = decision.written.toArray(new String[0]);
            p = bindVersions(connection, insert, p, writtenIds, decision.versions);
        }
        insert.setString(p, channel);
    }

    /** Binds {@link PostgresEventStore#appendAssumingVersionsSql}. */
    private void bindAppendAssuming(Connection connection, PreparedStatement insert, Decision decision,
            TreeMap<String, Long> assumed) throws SQLException {
        String[] ids = assumed.keySet().toArray(new String[0]);
        int p = 1;
        if (parallelCommits) {
            insert.setString(p++, PostgresEventStore.jsonObject(assumed));
            p = bindVersions(connection, insert, p, ids, decision.versions);
            insert.setInt(p++, decision.totalEvents);
        } else {
            insert.setInt(p++, decision.totalEvents);
            insert.setLong(p++, committed.positionFloor());
            p = bindVersions(connection, insert, p, ids, assumed);
            insert.setArray(p++, array(connection, "bool", committed.toCheck(assumed, decision.written)));
        }
        insert.setInt(p++, ids.length);
        insert.setInt(p++, decision.totalEvents);
        p = bindEvents(connection, insert, p, decision);
        insert.setString(p, channel);
    }

    /**
     * Binds stream ids and their versions in {@code versions} as two arrays from parameter {@code p} on.
     *
     * @return the next parameter index
     */
    private static int bindVersions(Connection connection, PreparedStatement insert, int p, String[] ids,
            Map<String, Long> versions) throws SQLException {
        Long[] values = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            values[i] = versions.get(ids[i]);
        }
        insert.setArray(p++, array(connection, "text", ids));
        insert.setArray(p++, array(connection, "int8", values));
        return p;
    }

    /**
     * Binds the event columns from parameter {@code p} on: an array per column, but metadata and
     * payloads as one JSON array each.
     *
     * @return the next parameter index
     */
    private static int bindEvents(Connection connection, PreparedStatement insert, int p, Decision decision)
            throws SQLException {
        int totalEvents = decision.totalEvents;
        String[] streamIds = new String[totalEvents];
        Long[] eventVersions = new Long[totalEvents];
        UUID[] eventIds = new UUID[totalEvents];
        String[] types = new String[totalEvents];
        @Nullable UUID[] correlationIds = new UUID[totalEvents];
        @Nullable UUID[] causationIds = new UUID[totalEvents];
        StringBuilder metadata = new StringBuilder(totalEvents * 4).append('[');
        StringBuilder payloads = new StringBuilder(totalEvents * 64).append('[');
        int k = 0;
        for (int s = 0; s < decision.survivors.size(); s++) {
            PendingAppend append = decision.survivors.get(s);
            long[] assigned = decision.survivorVersions.get(s);
            List<PendingEvent> events = append.events();
            for (int j = 0; j < assigned.length; j++, k++) {
                PendingEvent event = events.get(j);
                EventMetadata meta = event.metadata();
                streamIds[k] = event.streamId().value();
                eventVersions[k] = assigned[j];
                eventIds[k] = event.eventId();
                types[k] = event.type();
                correlationIds[k] = meta.correlationId();
                causationIds[k] = meta.causationId();
                if (k > 0) {
                    metadata.append(',');
                    payloads.append(',');
                }
                metadata.append(append.metadata[j]);
                payloads.append(append.payloads[j]);
            }
        }
        insert.setArray(p++, array(connection, "text", streamIds));
        insert.setArray(p++, array(connection, "int8", eventVersions));
        insert.setArray(p++, array(connection, "uuid", eventIds));
        insert.setArray(p++, array(connection, "text", types));
        insert.setArray(p++, array(connection, "uuid", correlationIds));
        insert.setArray(p++, array(connection, "uuid", causationIds));
        // each is already JSON: one JSON array is neither escaped as an array literal nor parsed twice
        insert.setString(p++, metadata.append(']').toString());
        insert.setString(p++, payloads.append(']').toString());
        return p;
    }

    private static Array array(Connection connection, String type, @Nullable Object[] values) throws SQLException {
        return connection.createArrayOf(type, values);
    }

    private void succeed(PendingAppend append, AppendResult result) {
        listener.appended(Duration.ofNanos(System.nanoTime() - append.startNanos), append.eventCount(), true);
        append.succeed(result);
    }

    @Override
    public void fail(PendingAppend append, RuntimeException failure) {
        listener.appended(Duration.ofNanos(System.nanoTime() - append.startNanos), 0, false);
        append.fail(failure);
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the transaction is gone with the connection, or will be when the pool discards it
        }
    }

    private static void close(Connection connection) {
        try {
            if (!connection.isClosed()) {
                connection.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // the pool validates the connection before handing it out again
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing useful to do: every append of the batch already has its outcome
        }
    }
}
