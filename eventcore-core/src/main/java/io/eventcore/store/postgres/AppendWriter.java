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
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Writes a batch of appends in one transaction of two round trips (lock and read the streams;
 * check in Java; insert and COMMIT together) and completes each append with its own outcome.
 */
final class AppendWriter {

    private final DataSource dataSource;
    private final String lockStreamsSql;
    private final String appendEventsSql;
    private final String channel;
    private final EventStoreListener listener;
    private final Runnable afterCommit;

    /**
     * @param appendEventsSql the insert statement; COMMIT is appended to it so that both travel in
     *     one round trip
     */
    AppendWriter(DataSource dataSource, String lockStreamsSql, String appendEventsSql, String channel,
            EventStoreListener listener, Runnable afterCommit) {
        this.dataSource = dataSource;
        this.lockStreamsSql = lockStreamsSql;
        this.appendEventsSql = appendEventsSql.strip() + ";\nCOMMIT";
        this.channel = channel;
        this.listener = listener;
        this.afterCommit = afterCommit;
    }

    /**
     * Writes the batch and completes every append in it, whatever happens. Never throws.
     *
     * @param batch appends in queue order; a later one sees the versions written by earlier ones
     */
    void write(List<PendingAppend> batch) {
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
        int size = batch.size();
        StreamVersionConflictException[] conflicts = new StreamVersionConflictException[size];
        boolean[] conflictSeesBatch = new boolean[size];
        List<PendingAppend> survivors = new ArrayList<>(size);
        List<long[]> survivorVersions = new ArrayList<>(size);
        List<Map<StreamId, Long>> survivorStreamVersions = new ArrayList<>(size);
        Map<String, Long> versions;
        Set<String> writtenInBatch = new HashSet<>();
        int totalEvents = 0;
        // round trip 1: lock every participating stream and read its version; nothing is decided yet
        try {
            connection.setAutoCommit(false);
            versions = lockStreams(connection, batch);
        } catch (SQLException e) {
            rollback(connection);
            if (!SqlFailures.isConnectionFailure(e, connection) && size > 1) {
                return false;
            }
            RuntimeException failure = SqlFailures.beforeCommit("append", e, connection);
            batch.forEach(append -> fail(append, failure));
            return true;
        }
        // in queue order: a later append sees the versions written by earlier ones of the batch
        for (int i = 0; i < size; i++) {
            PendingAppend append = batch.get(i);
            for (Map.Entry<StreamId, ExpectedVersion> expectation : append.request.expectedVersions().entrySet()) {
                String id = expectation.getKey().value();
                long actual = versions.get(id);
                if (!expectation.getValue().matches(actual)) {
                    conflicts[i] = new StreamVersionConflictException(expectation.getKey(), expectation.getValue(), actual);
                    conflictSeesBatch[i] = writtenInBatch.contains(id);
                    break;
                }
            }
            if (conflicts[i] != null) {
                continue;
            }
            List<PendingEvent> events = append.events();
            long[] eventVersions = new long[events.size()];
            for (int j = 0; j < eventVersions.length; j++) {
                String id = events.get(j).streamId().value();
                long next = versions.get(id) + 1;
                versions.put(id, next);
                eventVersions[j] = next;
                writtenInBatch.add(id);
            }
            Map<StreamId, Long> after = new LinkedHashMap<>();
            for (StreamId stream : append.request.expectedVersions().keySet()) {
                after.put(stream, versions.get(stream.value()));
            }
            survivors.add(append);
            survivorVersions.add(eventVersions);
            survivorStreamVersions.add(after);
            totalEvents += eventVersions.length;
        }
        // round trip 2: take positions, insert, move versions, notify and COMMIT, sent together so the
        // counter's row lock is held for one round trip only
        long lastPosition = 0;
        Instant recordedAt = Instant.EPOCH;
        try {
            if (totalEvents > 0) {
                try (PreparedStatement insert = connection.prepareStatement(appendEventsSql)) {
                    bindInsert(connection, insert, survivors, survivorVersions, totalEvents, versions, writtenInBatch);
                    insert.execute();
                    try (ResultSet rs = insert.getResultSet()) {
                        if (rs == null || !rs.next()) {
                            throw new SQLException(
                                    "the position counter row is missing: was the schema initialized?", "55000");
                        }
                        lastPosition = rs.getLong(1);
                        recordedAt = rs.getObject(2, OffsetDateTime.class).toInstant();
                    }
                }
            } else {
                connection.commit();
            }
        } catch (SQLException e) {
            if (!SqlFailures.isConnectionFailure(e, connection)) {
                // the statement or the COMMIT failed on a live connection: the transaction is aborted,
                // nothing was written
                rollback(connection);
                if (size > 1) {
                    return false;
                }
                RuntimeException failure = SqlFailures.beforeCommit("append", e, connection);
                for (int i = 0; i < size; i++) {
                    fail(batch.get(i), conflicts[i] != null && !conflictSeesBatch[i] ? conflicts[i] : failure);
                }
                return true;
            }
            RuntimeException unknown = SqlFailures.duringCommit("append", e, connection);
            RuntimeException nothingWritten = new EventStoreUnavailableException(
                    "append was not written: the connection failed during COMMIT of the batch it was checked in", e);
            for (int i = 0; i < size; i++) {
                if (conflicts[i] == null) {
                    fail(batch.get(i), unknown);
                } else {
                    fail(batch.get(i), conflictSeesBatch[i] ? nothingWritten : conflicts[i]);
                }
            }
            return true;
        }
        if (totalEvents > 0) {
            afterCommit.run();
        }
        if (!survivors.isEmpty()) {
            listener.batchCommitted(survivors.size());
        }
        long position = lastPosition - totalEvents;
        int survivor = 0;
        for (int i = 0; i < size; i++) {
            PendingAppend append = batch.get(i);
            if (conflicts[i] != null) {
                fail(append, conflicts[i]);
                continue;
            }
            long[] eventVersions = survivorVersions.get(survivor);
            List<PendingEvent> events = append.events();
            EventEnvelope[] stored = new EventEnvelope[events.size()];
            for (int j = 0; j < stored.length; j++) {
                PendingEvent event = events.get(j);
                stored[j] = new EventEnvelope(event.eventId(), event.streamId(), eventVersions[j], ++position,
                        event.type(), recordedAt, event.metadata(), event.payload());
            }
            succeed(append, new AppendResult(Arrays.asList(stored), survivorStreamVersions.get(survivor)));
            survivor++;
        }
        return true;
    }

    /** Creates, locks (in stream id order, so writers never deadlock) and reads every participating stream. */
    private Map<String, Long> lockStreams(Connection connection, List<PendingAppend> batch) throws SQLException {
        TreeSet<String> ids = new TreeSet<>();
        for (PendingAppend append : batch) {
            ids.addAll(Arrays.asList(append.streamIds));
        }
        Map<String, Long> versions = new HashMap<>(ids.size() * 2);
        try (PreparedStatement lock = connection.prepareStatement(lockStreamsSql)) {
            lock.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = lock.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        if (versions.size() != ids.size()) {
            throw new SQLException("locked " + versions.size() + " of " + ids.size() + " streams", "55000");
        }
        return versions;
    }

    private void bindInsert(Connection connection, PreparedStatement insert, List<PendingAppend> survivors,
            List<long[]> survivorVersions, int totalEvents, Map<String, Long> versions, Set<String> written)
            throws SQLException {
        String[] streamIds = new String[totalEvents];
        Long[] eventVersions = new Long[totalEvents];
        UUID[] eventIds = new UUID[totalEvents];
        String[] types = new String[totalEvents];
        @Nullable UUID[] correlationIds = new UUID[totalEvents];
        @Nullable UUID[] causationIds = new UUID[totalEvents];
        String[] metadata = new String[totalEvents];
        String[] payloads = new String[totalEvents];
        int k = 0;
        for (int s = 0; s < survivors.size(); s++) {
            PendingAppend append = survivors.get(s);
            long[] assigned = survivorVersions.get(s);
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
                metadata[k] = append.metadata[j];
                payloads[k] = append.payloads[j];
            }
        }
        String[] writtenIds = written.toArray(new String[0]);
        Long[] writtenVersions = new Long[writtenIds.length];
        for (int i = 0; i < writtenIds.length; i++) {
            writtenVersions[i] = versions.get(writtenIds[i]);
        }
        int p = 1;
        insert.setInt(p++, totalEvents);
        insert.setInt(p++, totalEvents);
        insert.setArray(p++, array(connection, "text", streamIds));
        insert.setArray(p++, array(connection, "int8", eventVersions));
        insert.setArray(p++, array(connection, "uuid", eventIds));
        insert.setArray(p++, array(connection, "text", types));
        insert.setArray(p++, array(connection, "uuid", correlationIds));
        insert.setArray(p++, array(connection, "uuid", causationIds));
        insert.setArray(p++, array(connection, "text", metadata));
        insert.setArray(p++, array(connection, "text", payloads));
        insert.setArray(p++, array(connection, "text", writtenIds));
        insert.setArray(p++, array(connection, "int8", writtenVersions));
        insert.setString(p, channel);
    }

    private static Array array(Connection connection, String type, @Nullable Object[] values) throws SQLException {
        return connection.createArrayOf(type, values);
    }

    private void succeed(PendingAppend append, AppendResult result) {
        listener.appended(Duration.ofNanos(System.nanoTime() - append.startNanos), append.eventCount(), true);
        append.succeed(result);
    }

    void fail(PendingAppend append, RuntimeException failure) {
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
