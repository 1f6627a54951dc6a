package io.eventcore;

import io.eventcore.serialization.EventTypeRegistry;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.AppendResult;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventMetadata;
import io.eventcore.store.EventStore;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.store.PendingEvent;
import io.eventcore.store.QueuedAppend;
import io.eventcore.store.StreamRead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@link Command commands}: reads their streams, folds, discovers, decides, and appends
 * atomically with the exact version of every stream read, retrying version conflicts with fresh
 * state.
 *
 * <p>Thread-safe; one instance serves a whole application. Build it with {@link #builder}.
 *
 * <h2>What makes it fast</h2>
 *
 * <ul>
 *   <li>A {@link StreamCache} of decoded events: a command on a warm stream appends without
 *       reading first. The store's version check stays the authority, so a stale entry costs a
 *       retry, never a wrong write; retries always read fresh state.
 *   <li>All streams of one breadth-first discovery wave are read in one store call.
 *   <li>Commands on the same stream are queued behind each other in this JVM (striped locks,
 *       taken in a fixed order) instead of racing into version conflicts. Streams discovered
 *       during execution are version-checked but not locked.
 *   <li>A state-keyed command (a {@link PerStreamCommand}, or a one-stream command with a {@link
 *       Command#stateKey}) holds its streams only until its append is queued, not until it
 *       commits: the next command on those streams decides on the state the queued append leaves,
 *       and the store writes it only if that append commits (see {@link EventStore#enqueue}), so
 *       commands on a hot stream share commits. Its outcome, a rejection included, is reported
 *       only once every state it decided on has committed; otherwise it is retried. Other
 *       commands wait for such an append before they read the stream, and hold their streams
 *       until their own commit.
 * </ul>
 *
 * <h2>Errors</h2>
 *
 * <p>Only {@link StreamVersionConflictException} is retried. {@link CommandRejectedException}
 * and every other exception thrown by the command propagate unchanged; exhaustion raises {@link
 * RetriesExhaustedException}, a passed timeout {@link DeadlineExceededException}.
 */
public final class CommandExecutor {

    /** Default maximum number of streams one command may read. */
    public static final int DEFAULT_MAX_STREAMS_PER_COMMAND = 64;

    private static final int LOCK_STRIPES = 4096;

    private final EventStore store;
    private final EventTypeRegistry types;
    private final RetryPolicy retryPolicy;
    private final int maxStreamsPerCommand;
    private final StreamCache cache;
    private final CommandListener listener;
    private final ReentrantLock @Nullable [] stripes;
    /**
     * Each stream's state after an append that was queued but has not committed yet, while that
     * append is in flight: the next command on the stream decides on it and names that append as
     * its dependency, instead of waiting a whole commit for the stream's lock.
     */
    private final ConcurrentHashMap<StreamId, Tentative> tentatives = new ConcurrentHashMap<>();

    private CommandExecutor(Builder builder) {
        this.store = builder.store;
        this.types = builder.types;
        this.retryPolicy = builder.retryPolicy;
        this.maxStreamsPerCommand = builder.maxStreamsPerCommand;
        this.cache = builder.cache;
        this.listener = builder.listener;
        if (builder.queueSameStreamCommands) {
            stripes = new ReentrantLock[LOCK_STRIPES];
            for (int i = 0; i < LOCK_STRIPES; i++) {
                stripes[i] = new ReentrantLock();
            }
        } else {
            stripes = null;
        }
    }

    /**
     * Starts building an executor.
     *
     * @param store where events are read and appended
     * @param types names of the event types commands write
     * @return the builder
     */
    public static Builder builder(EventStore store, EventTypeRegistry types) {
        return new Builder(store, types);
    }

    /**
     * Executes a command with default options.
     *
     * @param command the command
     * @param <S> its state type
     * @param <E> its event type
     * @return what it wrote
     * @throws CommandRejectedException if its business rule rejected it
     * @throws RetriesExhaustedException if every attempt conflicted
     * @throws UndeclaredStreamException if it wrote to a stream it did not read
     * @throws StreamLimitExceededException if it read too many streams
     * @throws EventTypeMismatchException if a read stream holds an event of another type
     * @throws EventStoreException if the store failed
     */
    public <S extends @Nullable Object, E> ExecutionResult execute(Command<S, E> command) {
        return execute(command, ExecutionOptions.DEFAULTS);
    }

    /**
     * Executes a command.
     *
     * @param command the command
     * @param options ids, attributes and timeout for this execution
     * @param <S> its state type
     * @param <E> its event type
     * @return what it wrote
     * @throws CommandRejectedException if its business rule rejected it
     * @throws RetriesExhaustedException if every attempt conflicted
     * @throws DeadlineExceededException if the timeout passed
     * @throws UndeclaredStreamException if it wrote to a stream it did not read
     * @throws StreamLimitExceededException if it read too many streams
     * @throws EventTypeMismatchException if a read stream holds an event of another type
     * @throws EventStoreException if the store failed
     */
    public <S extends @Nullable Object, E> ExecutionResult execute(Command<S, E> command, ExecutionOptions options) {
        Objects.requireNonNull(command, "command must not be null");
        Objects.requireNonNull(options, "options must not be null");
        String name = command.name();
        long start = System.nanoTime();
        List<StreamId> declared = declaredStreams(command, name);
        listener.started(name, declared.size());
        try {
            Execution<S, E> execution = new Execution<>(command, name, declared, options, start);
            ExecutionResult result = execution.run();
            listener.succeeded(name, result, execution.streamCount, Duration.ofNanos(System.nanoTime() - start));
            return result;
        } catch (CommandRejectedException rejection) {
            listener.rejected(name, rejection, Duration.ofNanos(System.nanoTime() - start));
            throw rejection;
        } catch (RuntimeException | Error failure) {
            listener.failed(name, failure, Duration.ofNanos(System.nanoTime() - start));
            throw failure;
        }
    }

    /** @return the store this executor writes to */
    public EventStore store() {
        return store;
    }

    /** @return the retry policy in force */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** @return the maximum number of streams one command may read */
    public int maxStreamsPerCommand() {
        return maxStreamsPerCommand;
    }

    /** @return the stream cache */
    public StreamCache cache() {
        return cache;
    }

    /** @return whether commands on the same stream are queued behind each other in this JVM */
    public boolean queuesSameStreamCommands() {
        return stripes != null;
    }

    private List<StreamId> declaredStreams(Command<?, ?> command, String name) {
        Collection<StreamId> streams = Objects.requireNonNull(command.streams(), "streams() of " + name + " returned null");
        LinkedHashSet<StreamId> unique = new LinkedHashSet<>(streams);
        if (unique.isEmpty()) {
            throw new IllegalArgumentException("command " + name + " must declare at least one stream");
        }
        if (unique.contains(null)) {
            throw new IllegalArgumentException("command " + name + " declares a null stream");
        }
        if (unique.size() > maxStreamsPerCommand) {
            throw new StreamLimitExceededException(name, maxStreamsPerCommand);
        }
        return List.copyOf(unique);
    }

    /** One execution of one command: its attempts share the ids and the deadline. */
    private final class Execution<S extends @Nullable Object, E> {

        private final Command<S, E> command;
        private final String name;
        private final List<StreamId> declared;
        private final UUID commandId = UuidV7.next();
        private final EventMetadata metadata;
        private final Map<String, String> baseAttributes;
        private final long deadline;
        private final @Nullable Duration timeout;
        private final @Nullable Object stateKey;
        private final @Nullable PerStreamCommand<@Nullable Object, E> perStream;
        /** Whether this command may decide on, and leave behind, the state of appends still in flight. */
        private final boolean pipelines;
        private int streamCount;

        @SuppressWarnings("unchecked")
        Execution(Command<S, E> command, String name, List<StreamId> declared, ExecutionOptions options, long start) {
            this.command = command;
            this.stateKey = command.stateKey();
            this.perStream = command instanceof PerStreamCommand<?, ?> p ? (PerStreamCommand<@Nullable Object, E>) p : null;
            if (perStream != null) {
                Objects.requireNonNull(stateKey, "stateKey() of " + name + " returned null: a PerStreamCommand must name its fold");
            }
            this.name = name;
            this.declared = declared;
            // only state-keyed folds can start from a state alone, and only locked streams are safe to share
            this.pipelines = stripes != null && cache.isEnabled() && !(command instanceof StatelessCommand<?>)
                    && (perStream != null || (declared.size() == 1 && stateKey != null));
            this.baseAttributes = options.attributes();
            UUID correlation = options.correlationId() != null ? options.correlationId() : UuidV7.next();
            UUID causation = options.causationId() != null ? options.causationId() : commandId;
            this.metadata = new EventMetadata(correlation, causation, baseAttributes);
            this.timeout = options.timeout();
            this.deadline = timeout == null ? Long.MAX_VALUE : start + timeout.toNanos();
        }

        ExecutionResult run() {
            int attempt = 1;
            while (true) {
                checkDeadline(attempt - 1);
                try {
                    return command instanceof StatelessCommand<?> ? appendBlindly(attempt) : attemptLocked(attempt);
                } catch (StreamVersionConflictException conflict) {
                    cache.invalidate(conflict.streamId());
                    if (attempt >= retryPolicy.maxAttempts()) {
                        throw new RetriesExhaustedException(name, attempt, conflict);
                    }
                    attempt++;
                    Duration delay = retryPolicy.delayBefore(attempt);
                    if (timeout != null && System.nanoTime() + delay.toNanos() - deadline > 0) {
                        throw new DeadlineExceededException(name, timeout, attempt - 1);
                    }
                    listener.retrying(name, attempt, conflict, delay);
                    sleep(delay);
                }
            }
        }

        private ExecutionResult appendBlindly(int attempt) {
            List<NewEvent<E>> decided = command.decide(command.initialState());
            Map<StreamId, ExpectedVersion> expected = new LinkedHashMap<>();
            for (StreamId stream : declared) {
                expected.put(stream, ExpectedVersion.any());
            }
            streamCount = declared.size();
            List<PendingEvent> pending = toPending(decided, expected);
            if (pending.isEmpty()) {
                return new ExecutionResult(commandId, List.of(), Map.of(), attempt);
            }
            AppendResult result = store.append(new AppendRequest(expected, pending));
            for (StreamId stream : declared) {
                cache.extendOrInvalidate(stream, appendedTo(stream, result.events()));
            }
            return new ExecutionResult(commandId, result.events(), result.streamVersions(), attempt);
        }

        private ExecutionResult attemptLocked(int attempt) {
            if (stripes == null) {
                return attempt(attempt).finish();
            }
            int[] indices = declared.stream().mapToInt(CommandExecutor::stripe).sorted().distinct().toArray();
            int locked = 0;
            Decided decided;
            try {
                for (int index : indices) {
                    lock(stripes[index]);
                    locked++;
                }
                decided = attempt(attempt);
            } finally {
                for (int i = locked - 1; i >= 0; i--) {
                    stripes[indices[i]].unlock();
                }
            }
            // the append, if queued, commits without holding the streams: the next command decides meanwhile
            return decided.finish();
        }

        private void lock(ReentrantLock lock) {
            try {
                if (deadline == Long.MAX_VALUE) {
                    lock.lockInterruptibly();
                } else if (!lock.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    throw new DeadlineExceededException(name, Objects.requireNonNull(timeout), 0);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExecutionInterruptedException(name, e);
            }
        }

        /**
         * Reads, folds and decides under the streams' locks, and queues the append. What depends
         * on the outcome of appends still in flight (this one's, or those it decided after) is left
         * to {@link Decided#finish}, after the locks are released.
         */
        private Decided attempt(int attempt) {
            // The first attempt may trust the cache; a retry follows a conflict, so it reads fresh state.
            boolean useCache = attempt == 1;
            Map<StreamId, StreamCache.Entry> read = new LinkedHashMap<>();
            // appends in flight whose states this command decided on, by stream
            Map<StreamId, Tentative> after = pipelines ? new HashMap<>(4) : Map.of();
            // what each stream that keeps a state in the cache folded into, before this command's events
            Map<StreamId, @Nullable Object> folded = new HashMap<>();
            List<NewEvent<E>> decided;
            List<PendingEvent> pending;
            Map<StreamId, ExpectedVersion> expected;
            Map<StreamId, Long> versions;
            try {
                S state = fold(read, after, folded, useCache);
                streamCount = read.size();
                decided = Objects.requireNonNull(command.decide(state), "decide() of " + name + " returned null");
                expected = new LinkedHashMap<>(read.size() * 2);
                versions = new HashMap<>(read.size() * 2);
                for (Map.Entry<StreamId, StreamCache.Entry> e : read.entrySet()) {
                    expected.put(e.getKey(), ExpectedVersion.exact(e.getValue().version()));
                    versions.put(e.getKey(), e.getValue().version());
                }
                pending = toPending(decided, expected);
            } catch (RuntimeException failure) {
                if (after.isEmpty()) {
                    throw failure;
                }
                // decided on a state that may never commit: only the outcome of those appends tells
                return new Decided(after, failure, read, folded, Map.of(), attempt);
            }
            if (pending.isEmpty()) {
                Decided nothing = new Decided(after, null, read, folded, versions, attempt);
                return after.isEmpty() ? nothing.finishedNow() : nothing;
            }
            checkDeadline(attempt);
            List<QueuedAppend> dependencies = new ArrayList<>(after.size());
            for (Tentative tentative : after.values()) {
                dependencies.add(tentative.append());
            }
            QueuedAppend queued = store.enqueue(new AppendRequest(expected, pending), dependencies);
            if (!pipelines || queued.isDone()) {
                // the next command on these streams must find this one's outcome in the cache: finish under the locks
                return new Decided(queued, Map.of(), read, folded, versions, attempt).finishedNow();
            }
            return new Decided(queued, leaveTentatively(read, folded, decided, queued), read, folded, versions, attempt);
        }

        /** Reads the declared streams and those they lead to, folding each into the command's state. */
        private S fold(Map<StreamId, StreamCache.Entry> read, Map<StreamId, Tentative> after,
                Map<StreamId, @Nullable Object> folded, boolean useCache) {
            // a PerStreamCommand's state: every stream read so far with its value, seen through one read-only view
            Map<StreamId, @Nullable Object> streamStates = perStream == null ? Map.of() : new LinkedHashMap<>();
            Map<StreamId, @Nullable Object> statesView = Collections.unmodifiableMap(streamStates);
            LinkedHashSet<StreamId> known = new LinkedHashSet<>(declared);
            List<StreamId> wave = declared;
            S state = command.initialState();
            while (!wave.isEmpty()) {
                Map<StreamId, StreamCache.Entry> entries = load(wave, useCache, after);
                List<StreamId> next = new ArrayList<>();
                for (StreamId stream : wave) {
                    StreamCache.Entry entry = entries.get(stream);
                    read.put(stream, entry);
                    state = foldInto(state, stream, entry, folded, streamStates, statesView);
                    for (StreamId discovered : Objects.requireNonNull(command.discover(state),
                            "discover() of " + name + " returned null")) {
                        if (known.add(discovered)) {
                            if (known.size() > maxStreamsPerCommand) {
                                throw new StreamLimitExceededException(name, maxStreamsPerCommand);
                            }
                            next.add(discovered);
                        }
                    }
                }
                wave = next;
            }
            return state;
        }

        /**
         * Leaves each declared stream this command writes with its state after the queued append,
         * for the next command on the stream to decide on while the append is in flight.
         */
        private Map<StreamId, Tentative> leaveTentatively(Map<StreamId, StreamCache.Entry> read,
                Map<StreamId, @Nullable Object> folded, List<NewEvent<E>> decided, QueuedAppend queued) {
            Map<StreamId, Tentative> left = new HashMap<>(4);
            for (StreamId stream : declared) {
                @Nullable Object key = keyFor(stream);
                long version = read.get(stream).version();
                @Nullable Object state = folded.get(stream);
                boolean written = false;
                for (NewEvent<E> event : decided) {
                    if (event.stream().equals(stream)) {
                        state = applyTo(stream, state, event.payload());
                        version++;
                        written = true;
                    }
                }
                if (written && key != null) {
                    Tentative tentative = new Tentative(StreamCache.Entry.snapshotAt(version, key, state), queued);
                    tentatives.put(stream, tentative);
                    left.put(stream, tentative);
                }
            }
            return left;
        }

        /** An attempt decided under the streams' locks: done, in flight, or waiting on appends it decided after. */
        private final class Decided {

            private final @Nullable QueuedAppend queued;
            private @Nullable ExecutionResult result;
            private final Map<StreamId, Tentative> left;
            private final Map<StreamId, Tentative> after;
            private final @Nullable RuntimeException failure;
            private final Map<StreamId, StreamCache.Entry> read;
            private final Map<StreamId, @Nullable Object> folded;
            private final Map<StreamId, Long> versions;
            private final int attempt;

            private Decided(@Nullable QueuedAppend queued, Map<StreamId, Tentative> left, Map<StreamId, Tentative> after,
                    @Nullable RuntimeException failure, Map<StreamId, StreamCache.Entry> read,
                    Map<StreamId, @Nullable Object> folded, Map<StreamId, Long> versions, int attempt) {
                this.queued = queued;
                this.left = left;
                this.after = after;
                this.failure = failure;
                this.read = read;
                this.folded = folded;
                this.versions = versions;
                this.attempt = attempt;
            }

            /** The append is queued. */
            Decided(QueuedAppend queued, Map<StreamId, Tentative> left, Map<StreamId, StreamCache.Entry> read,
                    Map<StreamId, @Nullable Object> folded, Map<StreamId, Long> versions, int attempt) {
                this(queued, left, Map.of(), null, read, folded, versions, attempt);
            }

            /**
             * Nothing to append: the command decided to write nothing, or failed (a rejection, say),
             * on states that appends in flight may not confirm.
             */
            Decided(Map<StreamId, Tentative> after, @Nullable RuntimeException failure, Map<StreamId, StreamCache.Entry> read,
                    Map<StreamId, @Nullable Object> folded, Map<StreamId, Long> versions, int attempt) {
                this(null, Map.of(), after, failure, read, folded, versions, attempt);
            }

            /** Waits for the append now, while the streams are still locked. */
            Decided finishedNow() {
                result = finish();
                return this;
            }

            ExecutionResult finish() {
                if (result != null) {
                    return result;
                }
                if (queued == null) {
                    // what was decided stands only if every state it was decided on committed
                    for (Map.Entry<StreamId, Tentative> e : after.entrySet()) {
                        try {
                            e.getValue().append().await();
                        } catch (RuntimeException notCommitted) {
                            throw StreamVersionConflictException.afterFailedAppend(e.getKey(),
                                    ExpectedVersion.exact(e.getValue().entry().version()), notCommitted);
                        }
                    }
                    if (failure != null) {
                        throw failure;
                    }
                    remember(read, List.of(), folded);
                    return new ExecutionResult(commandId, List.of(), versions, attempt);
                }
                AppendResult result;
                try {
                    result = queued.await();
                    remember(read, result.events(), folded);
                } finally {
                    left.forEach(tentatives::remove);
                }
                versions.putAll(result.streamVersions());
                return new ExecutionResult(commandId, result.events(), versions, attempt);
            }
        }

        /**
         * The key under which a stream's folded state is cached: every stream's for a {@link
         * PerStreamCommand}, the first declared stream's for a command with a state key, else
         * {@code null} (folded over its events).
         */
        private @Nullable Object keyFor(StreamId stream) {
            return perStream != null || stream.equals(declared.get(0)) ? stateKey : null;
        }

        /** Folds one more read stream into the command's state, noting what it cached a state for. */
        @SuppressWarnings("unchecked")
        private S foldInto(S state, StreamId stream, StreamCache.Entry entry, Map<StreamId, @Nullable Object> folded,
                Map<StreamId, @Nullable Object> streamStates, Map<StreamId, @Nullable Object> statesView) {
            @Nullable Object key = keyFor(stream);
            if (perStream != null) {
                @Nullable Object value = foldStream(stream, entry, key, perStream.initialStreamState());
                folded.put(stream, value);
                streamStates.put(stream, value);
                return (S) statesView;
            }
            @Nullable Object after = foldStream(stream, entry, key, state);
            if (key != null) {
                folded.put(stream, after);
            }
            return (S) after;
        }

        /** Folds a stream's events after the snapshot cached under {@code key}, or all of them from {@code initial}. */
        private @Nullable Object foldStream(StreamId stream, StreamCache.Entry entry, @Nullable Object key,
                @Nullable Object initial) {
            StreamCache.Snapshot snapshot = key == null ? null : entry.snapshot(key);
            @Nullable Object state = snapshot == null ? initial : snapshot.state();
            Class<E> eventType = command.eventType();
            for (int i = snapshot == null ? 0 : (int) snapshot.version(); i < entry.size(); i++) {
                state = applyTo(stream, state, entry.get(i).payloadAs(eventType));
            }
            return state;
        }

        @SuppressWarnings("unchecked")
        private @Nullable Object applyTo(StreamId stream, @Nullable Object state, E event) {
            return perStream != null ? perStream.applyToStream(state, event) : command.apply((S) state, stream, event);
        }

        /**
         * Caches every stream read, moved past the events just written to it; a stream with a
         * state key also keeps its folded state, with this command's own events applied.
         */
        private void remember(Map<StreamId, StreamCache.Entry> read, List<EventEnvelope> written,
                Map<StreamId, @Nullable Object> folded) {
            if (!cache.isEnabled()) {
                return;
            }
            Class<E> eventType = command.eventType();
            for (Map.Entry<StreamId, StreamCache.Entry> e : read.entrySet()) {
                StreamId stream = e.getKey();
                List<EventEnvelope> appended = appendedTo(stream, written);
                @Nullable Object key = keyFor(stream);
                StreamCache.Entry next;
                if (key == null) {
                    next = e.getValue().needingEvents().advance(appended);
                } else {
                    @Nullable Object after = folded.get(stream);
                    for (EventEnvelope event : appended) {
                        after = applyTo(stream, after, event.payloadAs(eventType));
                    }
                    next = e.getValue().advance(appended).withSnapshot(key, after);
                }
                cache.put(stream, next);
            }
        }

        /**
         * Each stream's cache entry where it serves this command's fold, else the stream read from
         * the store. A stream read while the cache held it for another fold keeps its events from
         * then on, so that two folds on one stream do not take turns reading it.
         */
        private Map<StreamId, StreamCache.Entry> load(List<StreamId> streams, boolean useCache,
                Map<StreamId, Tentative> after) {
            Map<StreamId, StreamCache.Entry> entries = new HashMap<>(streams.size() * 2);
            // allocated on the first miss: a command on warm streams reads nothing
            @Nullable List<StreamRead> misses = null;
            boolean @Nullable [] keepEvents = null;
            for (StreamId stream : streams) {
                @Nullable Object key = keyFor(stream);
                Tentative tentative = tentatives.isEmpty() ? null : tentatives.get(stream);
                if (tentative != null) {
                    if (useCache && pipelines && !tentative.append().isDone() && tentative.entry().serves(key)
                            && declared.contains(stream)) {
                        entries.put(stream, tentative.entry());
                        after.put(stream, tentative);
                        continue;
                    }
                    settle(stream, tentative);
                }
                StreamCache.Entry cached = useCache ? cache.lookup(stream, key) : null;
                if (cached != null && cached.serves(key)) {
                    entries.put(stream, cached);
                } else {
                    if (misses == null) {
                        misses = new ArrayList<>(streams.size());
                        keepEvents = new boolean[streams.size()];
                    }
                    keepEvents[misses.size()] = key == null || cached != null;
                    misses.add(StreamRead.all(stream));
                }
            }
            if (misses != null) {
                Map<StreamId, List<EventEnvelope>> events = new HashMap<>(misses.size() * 2);
                store.readStreams(misses, event -> events.computeIfAbsent(event.streamId(), k -> new ArrayList<>()).add(event));
                for (int i = 0; i < misses.size(); i++) {
                    StreamId stream = misses.get(i).streamId();
                    entries.put(stream, StreamCache.Entry.of(events.getOrDefault(stream, List.of()), keepEvents[i]));
                }
            }
            return entries;
        }

        /**
         * Waits for a stream's append in flight that this command cannot decide on (it reads the
         * stream otherwise, or reads it afresh), so that it reads what that append left; a
         * committed one's state goes into the cache, in case its own command has not put it there yet.
         */
        private void settle(StreamId stream, Tentative tentative) {
            QueuedAppend append = tentative.append();
            try {
                append.await();
                cache.put(stream, tentative.entry());
            } catch (RuntimeException notCommitted) {
                // its own command sees this failure and retries or reports it; here it only means reading without it
            }
            tentatives.remove(stream, tentative);
        }

        private List<PendingEvent> toPending(List<NewEvent<E>> decided, Map<StreamId, ExpectedVersion> expected) {
            List<PendingEvent> pending = new ArrayList<>(decided.size());
            for (NewEvent<E> event : decided) {
                if (!expected.containsKey(event.stream())) {
                    throw new UndeclaredStreamException(name, event.stream(), expected.keySet());
                }
                EventMetadata eventMetadata = metadata;
                if (!event.attributes().isEmpty()) {
                    Map<String, String> attributes = new HashMap<>(baseAttributes);
                    attributes.putAll(event.attributes());
                    eventMetadata = new EventMetadata(metadata.correlationId(), metadata.causationId(), attributes);
                }
                Object payload = event.payload();
                pending.add(new PendingEvent(UuidV7.next(), event.stream(), types.nameOf(payload.getClass()), payload,
                        eventMetadata));
            }
            return pending;
        }

        private void checkDeadline(int attemptsMade) {
            if (timeout != null && System.nanoTime() - deadline > 0) {
                throw new DeadlineExceededException(name, timeout, attemptsMade);
            }
        }

        private void sleep(Duration delay) {
            long until = System.nanoTime() + delay.toNanos();
            for (long left = delay.toNanos(); left > 0; left = until - System.nanoTime()) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new ExecutionInterruptedException(name, new InterruptedException("interrupted during retry backoff"));
                }
            }
        }
    }

    /** A stream's state after a queued append, valid once that append commits. */
    private record Tentative(StreamCache.Entry entry, QueuedAppend append) {}

    private static List<EventEnvelope> appendedTo(StreamId stream, List<EventEnvelope> events) {
        List<EventEnvelope> mine = null;
        for (EventEnvelope event : events) {
            if (event.streamId().equals(stream)) {
                if (mine == null) {
                    mine = new ArrayList<>(events.size());
                }
                mine.add(event);
            }
        }
        return mine == null ? List.of() : mine;
    }

    private static int stripe(StreamId stream) {
        int h = stream.hashCode();
        return (h ^ (h >>> 16)) & (LOCK_STRIPES - 1);
    }

    /** Configures a {@link CommandExecutor}. */
    public static final class Builder {

        private final EventStore store;
        private final EventTypeRegistry types;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private int maxStreamsPerCommand = DEFAULT_MAX_STREAMS_PER_COMMAND;
        private StreamCache cache = StreamCache.createDefault();
        private CommandListener listener = CommandListener.NONE;
        private boolean queueSameStreamCommands = true;

        private Builder(EventStore store, EventTypeRegistry types) {
            this.store = Objects.requireNonNull(store, "store must not be null");
            this.types = Objects.requireNonNull(types, "types must not be null");
        }

        /**
         * How version conflicts are retried. Default {@link RetryPolicy#DEFAULT}.
         *
         * @param retryPolicy the policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
            return this;
        }

        /**
         * Maximum number of streams one command may read, declared and discovered. Default 64.
         *
         * @param max the maximum, at least 1
         * @return this builder
         */
        public Builder maxStreamsPerCommand(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxStreamsPerCommand must be at least 1, was " + max);
            }
            this.maxStreamsPerCommand = max;
            return this;
        }

        /**
         * The stream cache. Default {@link StreamCache#createDefault()}; {@link
         * StreamCache#disabled()} makes every command read its streams.
         *
         * @param cache the cache
         * @return this builder
         */
        public Builder cache(StreamCache cache) {
            this.cache = Objects.requireNonNull(cache, "cache must not be null");
            return this;
        }

        /**
         * Observer of executions, for metrics.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(CommandListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener must not be null");
            return this;
        }

        /**
         * Whether commands on the same declared stream wait for each other in this JVM instead of
         * racing into version conflicts. Default {@code true}. With it, a state-keyed command waits
         * only until the previous command's append is queued and decides on the state it leaves
         * (see the class description); without it, every command decides on committed state.
         *
         * @param queue whether to queue
         * @return this builder
         */
        public Builder queueSameStreamCommands(boolean queue) {
            this.queueSameStreamCommands = queue;
            return this;
        }

        /**
         * Builds the executor.
         *
         * @return the executor
         */
        public CommandExecutor build() {
            return new CommandExecutor(this);
        }
    }
}
