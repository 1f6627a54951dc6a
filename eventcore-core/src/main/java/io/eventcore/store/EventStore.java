package io.eventcore.store;

import io.eventcore.EventCoreException;
import io.eventcore.StreamId;
import io.eventcore.StreamVersionConflictException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where events live. Every implementation passes the same contract suite
 * ({@code AbstractEventStoreContractTests} in the test-jar) and is safe for concurrent use.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Per stream, versions are 1-based and gap-free.
 *   <li>{@link #append} is atomic across every stream it names: all events are written, or none.
 *       The expected version of every participating stream is checked, read-only ones included.
 *   <li>Global positions are unique, and a stream's events have increasing positions in version
 *       order. {@link #readAll} shows an event only once no event with a lower position can still
 *       commit: a reader that remembers the last position it saw never skips an event that
 *       commits later. Positions may have gaps.
 * </ul>
 */
public interface EventStore {

    /**
     * Streams the events of several streams in one call. Events arrive grouped by stream, in the
     * order of {@code reads}, each stream in version order. A stream without events sends nothing.
     *
     * @param reads the streams to read and where to start in each
     * @param sink receives the events
     * @throws io.eventcore.EventStoreException if the store fails
     * @throws io.eventcore.EventSerializationException if an event cannot be decoded
     */
    void readStreams(Collection<StreamRead> reads, EventSink sink);

    /**
     * Streams the events of one stream after a version.
     *
     * @param streamId the stream
     * @param afterVersion 0 for the whole stream
     * @param sink receives the events in version order
     */
    default void readStream(StreamId streamId, long afterVersion, EventSink sink) {
        readStreams(List.of(new StreamRead(streamId, afterVersion)), sink);
    }

    /**
     * Reads a whole stream into a list. Convenient for small streams and tests; prefer the
     * streaming form for long ones.
     *
     * @param streamId the stream
     * @return the stream's events in version order; empty if it has none
     */
    default List<EventEnvelope> readStream(StreamId streamId) {
        List<EventEnvelope> events = new ArrayList<>();
        readStream(streamId, 0, events::add);
        return events;
    }

    /**
     * Reads a page of the global log: events with a position greater than {@code afterPosition}
     * that pass {@code filter}, in position order, at most {@code limit} of them. The filter is
     * applied before the limit.
     *
     * @param afterPosition 0 to start at the beginning
     * @param filter which events to return
     * @param limit maximum number of events, at least 1
     * @return the page; fewer than {@code limit} events means the reader has caught up
     */
    List<EventEnvelope> readAll(long afterPosition, EventFilter filter, int limit);

    /**
     * Appends events to one or more streams atomically, checking the expected version of every
     * participating stream first.
     *
     * @param request the write
     * @return the stored events with their versions and positions
     * @throws io.eventcore.StreamVersionConflictException if any stream is not at its expected
     *     version; nothing is written
     * @throws io.eventcore.CommitOutcomeUnknownException if the connection failed during commit
     * @throws io.eventcore.EventStoreException if the store fails otherwise
     */
    AppendResult append(AppendRequest request);

    /**
     * Hands an append to the store without waiting for its commit, to be written only if every
     * append in {@code after} commits first or in the same transaction. A caller that decided this
     * append on the outcome of earlier appends it has not seen commit names them, so that it never
     * commits on top of a state that was never written: had one of them failed while another
     * writer took the same version, this append's expectation would match that writer's events.
     *
     * <p>A store that writes appends as they are handed over (the default) waits for the
     * dependencies and then appends, so the returned append is already done; a store that queues
     * them may return at once. The outcome, a conflict included, comes from {@link
     * QueuedAppend#await}.
     *
     * @param request the write
     * @param after appends this one was decided after, returned by this store's {@code enqueue}
     * @return the append, done or on its way; it fails with a {@link
     *     io.eventcore.StreamVersionConflictException} if a stream is not at its expected version or
     *     an append in {@code after} did not commit, and then nothing is written
     * @throws io.eventcore.EventCoreException only for what keeps the store from taking the append
     *     at all: a payload that cannot be serialized, or a closed store
     */
    default QueuedAppend enqueue(AppendRequest request, Collection<? extends QueuedAppend> after) {
        Objects.requireNonNull(request, "request must not be null");
        Objects.requireNonNull(after, "after must not be null");
        @Nullable StreamVersionConflictException failedDependency = QueuedAppend.awaitCommitted(request, after);
        if (failedDependency != null) {
            return QueuedAppend.failed(failedDependency);
        }
        try {
            return QueuedAppend.of(append(request));
        } catch (EventCoreException failure) {
            return QueuedAppend.failed(failure);
        }
    }

    /**
     * Position of the last event a reader of the global log can see now; 0 for an empty log.
     *
     * @return the head position
     */
    long headPosition();

    /**
     * Asks to be told when new events may be visible to {@link #readAll}. Projections use it to
     * wake up without polling; the callback carries no data and may fire spuriously, so readers
     * always re-read from their own checkpoint. Stores that cannot notify return a handle that
     * does nothing, and readers fall back to polling.
     *
     * @param callback called after events commit, on a store thread; must return quickly
     * @return a handle that stops the notifications when closed
     */
    default AutoCloseable watch(Runnable callback) {
        return () -> {};
    }
}
