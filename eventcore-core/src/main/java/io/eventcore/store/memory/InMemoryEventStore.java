package io.eventcore.store.memory;

import io.eventcore.StreamId;
import io.eventcore.StreamVersionConflictException;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.AppendResult;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventFilter;
import io.eventcore.store.EventSink;
import io.eventcore.store.EventStore;
import io.eventcore.store.EventStoreListener;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.store.PendingEvent;
import io.eventcore.store.StreamRead;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EventStore} that keeps every event in memory, for tests and for applications that
 * need no durability. It passes the same contract suite as every other store.
 *
 * <p>Payloads are stored as the objects given, never copied or serialized, so they should be
 * immutable (records are). Event ids, types and metadata come from the {@link PendingEvent}s; the
 * store assigns versions (1-based, gap-free per stream), global positions (1, 2, 3, ... in commit
 * order) and the recorded-at time from its {@link Clock}.
 *
 * <h2>Concurrency</h2>
 *
 * <p>Safe for any number of threads. Appends are serialized by one lock and are atomic: every
 * expected version is checked before anything is written, and the events of one append become
 * visible to readers all at once. Reads take no lock and never wait for an append; each read works
 * on a consistent snapshot, so a {@link #readStreams} over several streams never sees half of a
 * multi-stream append. Reads stream events straight from the store's own append-only arrays,
 * without copying a stream first. {@link #watch} callbacks run on the appending thread after its
 * events are visible and after the lock is released.
 */
public final class InMemoryEventStore implements EventStore {

    private static final System.Logger LOGGER = System.getLogger(InMemoryEventStore.class.getName());

    private final Clock clock;
    private final EventStoreListener listener;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final PublishedList<EventEnvelope> log = new PublishedList<>();
    private final Map<StreamId, PublishedList<EventEnvelope>> streams = new ConcurrentHashMap<>();
    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();

    /** Creates an empty store that stamps events with the UTC system clock. */
    public InMemoryEventStore() {
        this(Clock.systemUTC());
    }

    /**
     * Creates an empty store.
     *
     * @param clock source of every event's recorded-at time
     */
    public InMemoryEventStore(Clock clock) {
        this(clock, EventStoreListener.NONE);
    }

    /**
     * Creates an empty store that reports its work to a listener.
     *
     * @param clock source of every event's recorded-at time
     * @param listener told about every append and read
     */
    public InMemoryEventStore(Clock clock, EventStoreListener listener) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads only events that were visible when the call started, so several streams are read as
     * of one moment.
     */
    @Override
    public void readStreams(Collection<StreamRead> reads, EventSink sink) {
        Objects.requireNonNull(reads, "reads must not be null");
        Objects.requireNonNull(sink, "sink must not be null");
        long started = System.nanoTime();
        // Events up to this position form the snapshot; later ones may be half published.
        long head = log.size();
        int count = 0;
        for (StreamRead read : reads) {
            PublishedList<EventEnvelope> stream = streams.get(read.streamId());
            if (stream == null) {
                continue;
            }
            int size = stream.size();
            for (long index = read.afterVersion(); index < size; index++) {
                EventEnvelope event = stream.get((int) index);
                if (event.position() > head) {
                    break;
                }
                sink.accept(event);
                count++;
            }
        }
        listener.read(Duration.ofNanos(System.nanoTime() - started), count);
    }

    @Override
    public List<EventEnvelope> readAll(long afterPosition, EventFilter filter, int limit) {
        if (afterPosition < 0) {
            throw new IllegalArgumentException("afterPosition must be at least 0, was " + afterPosition);
        }
        Objects.requireNonNull(filter, "filter must not be null");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        long started = System.nanoTime();
        int head = log.size();
        // Compiled once per read: EventFilter.matches would compile the glob for every event.
        @Nullable Pattern pattern = filter.streamPattern() == null ? null : EventFilter.globToRegex(filter.streamPattern());
        @Nullable String prefix = filter.streamPrefix();
        List<EventEnvelope> page = new ArrayList<>(Math.min(limit, 256));
        for (long index = afterPosition; index < head && page.size() < limit; index++) {
            EventEnvelope event = log.get((int) index);
            String stream = event.streamId().value();
            if ((filter.eventTypes().isEmpty() || filter.eventTypes().contains(event.type()))
                    && (prefix == null || stream.startsWith(prefix))
                    && (pattern == null || pattern.matcher(stream).matches())) {
                page.add(event);
            }
        }
        listener.read(Duration.ofNanos(System.nanoTime() - started), page.size());
        return List.copyOf(page);
    }

    /**
     * {@inheritDoc}
     *
     * <p>When several streams are stale, the exception names the first of them in the request's
     * order.
     */
    @Override
    public AppendResult append(AppendRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        long started = System.nanoTime();
        AppendResult result;
        try {
            appendLock.lock();
            try {
                result = appendLocked(request);
            } finally {
                appendLock.unlock();
            }
        } catch (RuntimeException | Error e) {
            listener.appended(Duration.ofNanos(System.nanoTime() - started), 0, false);
            throw e;
        }
        listener.appended(Duration.ofNanos(System.nanoTime() - started), result.events().size(), true);
        if (!result.events().isEmpty()) {
            notifyWatchers();
        }
        return result;
    }

    private AppendResult appendLocked(AppendRequest request) {
        for (Map.Entry<StreamId, ExpectedVersion> expectation : request.expectedVersions().entrySet()) {
            long actual = pendingVersion(expectation.getKey());
            if (!expectation.getValue().matches(actual)) {
                throw new StreamVersionConflictException(expectation.getKey(), expectation.getValue(), actual);
            }
        }
        if (request.events().isEmpty()) {
            Map<StreamId, Long> versions = new LinkedHashMap<>();
            request.expectedVersions().keySet().forEach(stream -> versions.put(stream, pendingVersion(stream)));
            return new AppendResult(List.of(), versions);
        }
        Instant recordedAt = clock.instant();
        List<EventEnvelope> written = new ArrayList<>(request.events().size());
        Map<StreamId, PublishedList<EventEnvelope>> touched = new LinkedHashMap<>();
        for (PendingEvent pending : request.events()) {
            PublishedList<EventEnvelope> stream =
                    touched.computeIfAbsent(pending.streamId(), id -> streams.computeIfAbsent(id, key -> new PublishedList<>()));
            EventEnvelope event = new EventEnvelope(
                    pending.eventId(),
                    pending.streamId(),
                    stream.pendingSize() + 1L,
                    log.pendingSize() + 1L,
                    pending.type(),
                    recordedAt,
                    pending.metadata(),
                    pending.payload());
            stream.add(event);
            log.add(event);
            written.add(event);
        }
        // Streams first, the global log last: readers bound every read by the log's size, so the
        // append appears to them all at once.
        touched.values().forEach(PublishedList::publish);
        log.publish();
        Map<StreamId, Long> versions = new LinkedHashMap<>();
        request.expectedVersions().keySet().forEach(stream -> versions.put(stream, pendingVersion(stream)));
        return new AppendResult(written, versions);
    }

    private long pendingVersion(StreamId stream) {
        PublishedList<EventEnvelope> events = streams.get(stream);
        return events == null ? 0 : events.pendingSize();
    }

    @Override
    public long headPosition() {
        return log.size();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Callbacks run on the thread that appended, after its events are visible; a callback that
     * throws is logged and does not fail the append.
     */
    @Override
    public AutoCloseable watch(Runnable callback) {
        Objects.requireNonNull(callback, "callback must not be null");
        // A wrapper gives each registration its own identity, so registering one callback twice
        // and closing one handle leaves the other in place.
        Runnable registration = callback::run;
        watchers.add(registration);
        return () -> watchers.remove(registration);
    }

    private void notifyWatchers() {
        for (Runnable watcher : watchers) {
            try {
                watcher.run();
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "event store watch callback failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "InMemoryEventStore[streams=" + streams.size() + ", headPosition=" + log.size() + "]";
    }
}
