package io.eventcore.projection;

import io.eventcore.EventCoreException;
import io.eventcore.EventSerializationException;
import io.eventcore.EventStoreException;
import io.eventcore.projection.ProjectionCoordinator.Leadership;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventFilter;
import io.eventcore.store.EventStore;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Runs one projection on its own thread: leadership, catch-up and live reads, delivery, failure
 * policy, checkpoints and operator requests. Every field without {@code volatile} belongs to the
 * runner thread.
 */
final class ProjectionRunner {

    private static final System.Logger LOGGER = System.getLogger(ProjectionRunner.class.getName());

    private static final Duration MAX_STORE_BACKOFF = Duration.ofSeconds(30);
    private static final Duration FIRST_STORE_BACKOFF = Duration.ofMillis(100);

    /** Settings a manager shares with its runners. */
    record Settings(
            EventStore store,
            CheckpointStore checkpoints,
            ProjectionCoordinator coordinator,
            ProjectionListener listener,
            HeadTracker head,
            Clock clock,
            Duration pollInterval,
            Duration leadershipRetryInterval,
            ThreadFactory threadFactory) {}

    private enum Decision {
        RETRY,
        SKIP,
        STOP,
        ABORT
    }

    /** The leadership is gone: stop work and discard what is not checkpointed. */
    private static final class LeadershipLostException extends EventCoreException {
        private static final long serialVersionUID = 1L;

        LeadershipLostException() {
            super("leadership lost", null);
        }
    }

    /** Someone else moved the checkpoint (an operator's reset, or another leader): reload it. */
    private static final class CheckpointMovedException extends EventCoreException {
        private static final long serialVersionUID = 1L;

        CheckpointMovedException() {
            super("checkpoint moved", null);
        }
    }

    private record ResetRequest(long position, CompletableFuture<Void> done) {}

    private record TransactionFailure(int index, Exception error) {}

    private final Projection projection;
    private final String name;
    private final EventFilter filter;
    private final Settings settings;
    private final @Nullable TransactionalCheckpointStore transactionalCheckpoints;
    private final Signal signal = new Signal();

    private volatile boolean closing;
    private volatile boolean pauseRequested;
    private volatile boolean resumeRequested;
    private final AtomicReference<@Nullable ResetRequest> resetRequest = new AtomicReference<>();
    private volatile @Nullable Thread thread;

    private volatile ProjectionState state = ProjectionState.STARTING;
    private final Object controlMonitor = new Object();
    /** Pause and resume requests made, and the last one the runner thread acted on; under controlMonitor. */
    private long controlRequested;
    private long controlApplied;
    private volatile boolean leader;
    private volatile long position;
    private volatile long saved;
    private volatile @Nullable Instant oldestUnhandledAt;
    private volatile @Nullable ProjectionError lastError;
    private final AtomicLong eventsHandled = new AtomicLong();
    private final AtomicLong eventsSkipped = new AtomicLong();

    private @Nullable Leadership leadership;
    private boolean failed;
    private boolean reloadCheckpoint;
    private int pendingEvents;
    private long lastSaveNanos = System.nanoTime();
    private long failurePosition = -1;
    private int failureAttempts;
    private long carefulUntil;
    private int storeFailures;
    /** {@link System#nanoTime()} before which this runner does not ask for the leadership. */
    private long acquireNotBefore = System.nanoTime();

    ProjectionRunner(Projection projection, EventFilter filter, Settings settings) {
        this.projection = projection;
        this.name = projection.name();
        this.filter = filter;
        this.settings = settings;
        this.transactionalCheckpoints = settings.checkpoints() instanceof TransactionalCheckpointStore transactional
                ? transactional
                : null;
        if (projection.delivery() == Projection.Delivery.TRANSACTIONAL && transactionalCheckpoints == null) {
            throw new IllegalArgumentException("projection '" + name + "' is transactional and needs a"
                    + " TransactionalCheckpointStore (such as PostgresCheckpointStore), but the manager has "
                    + settings.checkpoints());
        }
    }

    Projection projection() {
        return projection;
    }

    // ---------------------------------------------------------------- control, from other threads

    synchronized void start() {
        Thread current = thread;
        if (closing || (current != null && current.isAlive())) {
            return;
        }
        Thread started = settings.threadFactory().newThread(this::run);
        started.setName(started.getName() + "-" + name);
        thread = started;
        started.start();
    }

    void wake() {
        signal.data();
    }

    /** @return the number to {@link #awaitApplied} for */
    long pause() {
        long request = nextControlRequest();
        pauseRequested = true;
        signal.control();
        return request;
    }

    /** @return the number to {@link #awaitApplied} for */
    long resume() {
        long request = nextControlRequest();
        pauseRequested = false;
        resumeRequested = true;
        signal.control();
        restartIfCrashed();
        return request;
    }

    private long nextControlRequest() {
        synchronized (controlMonitor) {
            return ++controlRequested;
        }
    }

    /**
     * Waits until the runner thread has acted on pause and resume requests up to {@code request}:
     * so that the status an operator sees afterwards shows the outcome, not the state before.
     *
     * @return {@code false} if the runner did not get to it within the timeout (it is busy with an
     *     event, or not running); the request still stands
     */
    boolean awaitApplied(long request, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (controlMonitor) {
            while (controlApplied < request) {
                long left = deadline - System.nanoTime();
                Thread current = thread;
                if (left <= 0 || current == null || !current.isAlive()) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(controlMonitor, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void markApplied(long request) {
        synchronized (controlMonitor) {
            if (request > controlApplied) {
                controlApplied = request;
                controlMonitor.notifyAll();
            }
        }
    }

    /** A runner stopped by an Error has no thread left; resume and reset start a new one. */
    private void restartIfCrashed() {
        if (thread != null) {
            start();
        }
    }

    CompletableFuture<Void> reset(long toPosition) {
        if (toPosition < 0) {
            throw new IllegalArgumentException("position must be at least 0, was " + toPosition);
        }
        ResetRequest request = new ResetRequest(toPosition, new CompletableFuture<>());
        ResetRequest previous = resetRequest.getAndSet(request);
        if (previous != null) {
            previous.done().completeExceptionally(
                    new IllegalStateException("superseded by a reset of '" + name + "' to " + toPosition));
        }
        signal.control();
        restartIfCrashed();
        return request.done();
    }

    void requestClose() {
        closing = true;
        signal.control();
    }

    void awaitTermination(Duration timeout) {
        Thread current = thread;
        if (current == null) {
            return;
        }
        try {
            current.join(Math.max(1, timeout.toMillis()));
            if (current.isAlive()) {
                LOGGER.log(Level.WARNING, "projection '" + name + "' did not stop within " + timeout + "; interrupting it");
                current.interrupt();
                current.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    ProjectionStatus status() {
        long head = settings.head().head();
        long at = position;
        long lag = Math.max(0, head - at);
        Instant oldest = oldestUnhandledAt;
        Duration lagTime = Duration.ZERO;
        if (lag > 0 && oldest != null) {
            Duration age = Duration.between(oldest, settings.clock().instant());
            lagTime = age.isNegative() ? Duration.ZERO : age;
        }
        return new ProjectionStatus(name, projection.delivery(), state, leader, at, saved, Math.max(head, at), lag,
                lagTime, eventsHandled.get(), eventsSkipped.get(), lastError);
    }

    // ---------------------------------------------------------------- the runner thread

    private void run() {
        try {
            while (!closing) {
                try {
                    step();
                    if (storeFailures > 0) {
                        storeFailures = 0;
                        LOGGER.log(Level.INFO, "projection '" + name + "' recovered from store failures");
                    }
                } catch (LeadershipLostException e) {
                    dropLeadership();
                } catch (CheckpointMovedException e) {
                    LOGGER.log(Level.INFO, "checkpoint of projection '" + name
                            + "' was moved elsewhere; continuing after " + position);
                } catch (RuntimeException e) {
                    storeFailure(e);
                }
                if (Thread.currentThread().isInterrupted() && !closing) {
                    // Only close() interrupts a runner; anything else would make every wait spin.
                    Thread.interrupted();
                }
            }
            shutDown();
        } catch (Error e) {
            crash(e);
        }
    }

    private void step() {
        long controlSeen;
        synchronized (controlMonitor) {
            controlSeen = controlRequested;
        }
        ResetRequest reset = resetRequest.getAndSet(null);
        if (reset != null) {
            performReset(reset);
            return;
        }
        if (resumeRequested) {
            resumeRequested = false;
            if (failed) {
                LOGGER.log(Level.INFO, "projection '" + name + "' resumed after a failure at position " + failurePosition);
            }
            failed = false;
            failurePosition = -1;
            failureAttempts = 0;
            lastError = null;
        }
        if (pauseRequested || failed) {
            flushQuietly();
            setState(failed ? ProjectionState.FAILED : ProjectionState.PAUSED);
            markApplied(controlSeen);
            peekLag();
            signal.awaitControl(min(settings.pollInterval(), settings.leadershipRetryInterval()));
            return;
        }
        if (state == ProjectionState.PAUSED || state == ProjectionState.FAILED) {
            // resumed: it catches up from its position until the step finds out more
            setState(ProjectionState.CATCHING_UP);
        }
        markApplied(controlSeen);
        if (leadership == null) {
            long holdOff = acquireNotBefore - System.nanoTime();
            if (holdOff > 0) {
                // Just lost the leadership: leave the lock to the standbys for one retry interval.
                setState(ProjectionState.STANDBY);
                signal.awaitControl(Duration.ofNanos(holdOff));
                return;
            }
            if (!acquire()) {
                setState(ProjectionState.STANDBY);
                signal.awaitControl(settings.leadershipRetryInterval());
                return;
            }
        }
        validateLeadership();
        if (reloadCheckpoint) {
            reloadCheckpoint = false;
            position = saved = settings.checkpoints().load(name).orElse(0);
        }
        long head = settings.store().headPosition();
        settings.head().observe(head);
        int limit = position < carefulUntil ? 1 : projection.batchSize();
        List<EventEnvelope> page;
        try {
            page = settings.store().readAll(position, filter, limit);
        } catch (EventSerializationException e) {
            undecodable(e, limit);
            return;
        }
        if (page.isEmpty()) {
            caughtUp(head);
            if (position != saved
                    && (pendingEvents > 0 || System.nanoTime() - lastSaveNanos >= projection.checkpointInterval().toNanos())) {
                checkpoint();
            }
            setState(ProjectionState.LIVE);
            // Idle leaders re-validate too, so a lost leadership shows in the status without waiting for events.
            signal.awaitData(min(settings.pollInterval(), settings.leadershipRetryInterval()));
            return;
        }
        setState(page.size() == limit && limit > 1 ? ProjectionState.CATCHING_UP : ProjectionState.LIVE);
        oldestUnhandledAt = page.get(0).recordedAt();
        boolean complete = projection.delivery() == Projection.Delivery.TRANSACTIONAL
                ? deliverTransactional(page)
                : deliverAtLeastOnce(page);
        if (complete && page.size() < limit) {
            caughtUp(head);
            if (pendingEvents > 0) {
                checkpoint();
            }
        }
    }

    private boolean acquire() {
        var acquired = settings.coordinator().tryAcquire(name);
        if (acquired.isEmpty()) {
            // A standby reports the leader's progress as far as the checkpoint shows it.
            position = saved = settings.checkpoints().load(name).orElse(0);
            peekLag();
            return false;
        }
        leadership = acquired.get();
        try {
            position = saved = settings.checkpoints().load(name).orElse(0);
        } catch (RuntimeException e) {
            releaseLeadership();
            throw e;
        }
        leader = true;
        pendingEvents = 0;
        carefulUntil = 0;
        lastSaveNanos = System.nanoTime();
        LOGGER.log(Level.INFO, "projection '" + name + "' is now the active runner, starting after position " + position);
        return true;
    }

    private void validateLeadership() {
        Leadership current = leadership;
        if (current == null || !current.isValid()) {
            throw new LeadershipLostException();
        }
    }

    private void dropLeadership() {
        LOGGER.log(Level.WARNING, "projection '" + name + "' lost its leadership; stopped at checkpoint " + saved
                + ", discarding progress up to " + position);
        releaseLeadership();
        position = saved;
        pendingEvents = 0;
        // A leader that lost its lock (its session was terminated, or the network dropped it) must not
        // take the lock straight back: when its session dies the lock is free at once, and its own
        // immediate retry would win over every standby, which ask only once per retry interval. It
        // waits like a standby instead, so the lock goes to a healthy instance.
        acquireNotBefore = System.nanoTime() + saturatedNanos(settings.leadershipRetryInterval());
        setState(ProjectionState.STANDBY);
    }

    private void releaseLeadership() {
        Leadership current = leadership;
        leadership = null;
        leader = false;
        if (current != null) {
            current.close();
        }
    }

    private void caughtUp(long head) {
        // readAll returned everything the filter passes up to this head, which was read before it,
        // so positions up to the head that are not delivered were filtered out.
        if (head > position) {
            position = head;
        }
        oldestUnhandledAt = null;
    }

    /** Reads the next unhandled event's time while not reading for real, so lag time stays true. */
    private void peekLag() {
        try {
            List<EventEnvelope> next = settings.store().readAll(position, filter, 1);
            oldestUnhandledAt = next.isEmpty() ? null : next.get(0).recordedAt();
        } catch (RuntimeException e) {
            // Lag time is informational; the real read reports the failure.
        }
    }

    // ---------------------------------------------------------------- at-least-once delivery

    private boolean deliverAtLeastOnce(List<EventEnvelope> page) {
        ProjectionHandler handler = Objects.requireNonNull(projection.handler());
        for (int i = 0; i < page.size(); i++) {
            EventEnvelope event = page.get(i);
            if (controlPending()) {
                return false;
            }
            while (true) {
                long started = System.nanoTime();
                Exception failure = null;
                try {
                    handler.handle(event);
                } catch (Exception e) {
                    failure = e;
                }
                if (failure == null) {
                    handled(event, System.nanoTime() - started);
                    position = event.position();
                    pendingEvents++;
                    break;
                }
                Decision decision = decide(event.position(), event.type(), failure);
                if (decision == Decision.RETRY) {
                    validateLeadership();
                    continue;
                }
                if (decision == Decision.SKIP) {
                    skip(event.position(), event.streamId().value(), event.type(), failure);
                    break;
                }
                return false;
            }
            oldestUnhandledAt = i + 1 < page.size() ? page.get(i + 1).recordedAt() : event.recordedAt();
            if (pendingEvents >= projection.checkpointEvery()
                    || System.nanoTime() - lastSaveNanos >= projection.checkpointInterval().toNanos()) {
                checkpoint();
            }
        }
        return true;
    }

    private void checkpoint() {
        long target = position;
        if (target != saved) {
            validateLeadership();
            if (!settings.checkpoints().compareAndSet(name, saved, target)) {
                checkpointMoved();
            }
            saved = target;
            notifyListener(() -> settings.listener().checkpointSaved(name, target));
        }
        pendingEvents = 0;
        lastSaveNanos = System.nanoTime();
    }

    private void checkpointMoved() {
        position = saved = settings.checkpoints().load(name).orElse(0);
        pendingEvents = 0;
        carefulUntil = 0;
        throw new CheckpointMovedException();
    }

    private void flushQuietly() {
        if (leadership == null || position == saved) {
            return;
        }
        try {
            checkpoint();
        } catch (LeadershipLostException e) {
            dropLeadership();
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "projection '" + name + "' could not save its checkpoint " + position, e);
        }
    }

    // ---------------------------------------------------------------- transactional delivery

    private boolean deliverTransactional(List<EventEnvelope> page) {
        int from = 0;
        int to = page.size();
        while (from < page.size()) {
            if (controlPending()) {
                return false;
            }
            List<EventEnvelope> batch = page.subList(from, to);
            TransactionFailure failure = applyInTransaction(batch);
            if (failure == null) {
                from = to;
                to = page.size();
                continue;
            }
            if (failure.index() > 0) {
                // Commit the events before the failing one first, so the policy sees the failing event alone.
                to = from + failure.index();
                continue;
            }
            EventEnvelope event = batch.get(0);
            Decision decision = decide(event.position(), event.type(), failure.error());
            if (decision == Decision.RETRY) {
                to = from + 1;
            } else if (decision == Decision.SKIP) {
                skip(event.position(), event.streamId().value(), event.type(), failure.error());
                from++;
                to = page.size();
            } else {
                return false;
            }
        }
        return true;
    }

    private @Nullable TransactionFailure applyInTransaction(List<EventEnvelope> batch) {
        TransactionalProjectionHandler handler = Objects.requireNonNull(projection.transactionalHandler());
        TransactionalCheckpointStore store = Objects.requireNonNull(transactionalCheckpoints);
        long expected = saved;
        long target = batch.get(batch.size() - 1).position();
        long[] durations = new long[batch.size()];
        try (Connection connection = store.dataSource().getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                for (int i = 0; i < batch.size(); i++) {
                    long started = System.nanoTime();
                    try {
                        handler.handle(batch.get(i), connection);
                    } catch (Exception e) {
                        rollbackQuietly(connection);
                        return new TransactionFailure(i, e);
                    }
                    durations[i] = System.nanoTime() - started;
                }
                commitCheckpoint(connection, store, expected, target);
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection);
                throw e;
            } finally {
                restoreAutoCommit(connection, autoCommit);
            }
        } catch (SQLException e) {
            reloadCheckpoint = true;
            throw new EventStoreException("projection '" + name + "' could not commit events up to position " + target
                    + ": " + e.getMessage(), e);
        }
        saved = target;
        position = Math.max(position, target);
        for (int i = 0; i < batch.size(); i++) {
            handled(batch.get(i), durations[i]);
        }
        notifyListener(() -> settings.listener().checkpointSaved(name, target));
        oldestUnhandledAt = batch.get(batch.size() - 1).recordedAt();
        return null;
    }

    /** Moves the checkpoint in the caller's transaction, re-validates the leadership, and commits. */
    private void commitCheckpoint(Connection connection, TransactionalCheckpointStore store, long expected, long target)
            throws SQLException {
        if (!store.compareAndSet(connection, name, expected, target)) {
            rollbackQuietly(connection);
            checkpointMoved();
        }
        // The checkpoint row is locked now: a new leader cannot commit past us, and we commit only
        // while still leader, so at most one of two overlapping runners commits a batch.
        if (leadership == null || !leadership.isValid()) {
            rollbackQuietly(connection);
            throw new LeadershipLostException();
        }
        connection.commit();
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            // The connection is closed next; the database rolls back whatever is left.
        }
    }

    private static void restoreAutoCommit(Connection connection, boolean autoCommit) {
        try {
            connection.setAutoCommit(autoCommit);
        } catch (SQLException | RuntimeException e) {
            // A broken connection is closed next anyway.
        }
    }

    // ---------------------------------------------------------------- failures

    private void undecodable(EventSerializationException e, int limit) {
        long bad = e.position();
        if (bad <= position) {
            // Without the failing event's position we cannot tell which event to skip: keep retrying.
            throw e;
        }
        if (limit > 1) {
            // Deliver the events before the undecodable one, one read at a time, then face it alone.
            carefulUntil = bad;
            return;
        }
        Decision decision = decide(bad, e.eventType(), e);
        if (decision == Decision.SKIP) {
            skip(bad, null, e.eventType(), e);
        }
    }

    private Decision decide(long at, @Nullable String eventType, Exception error) {
        if (failurePosition == at) {
            failureAttempts++;
        } else {
            failurePosition = at;
            failureAttempts = 1;
        }
        int attempts = failureAttempts;
        lastError = ProjectionError.of(at, eventType, error, attempts, settings.clock().instant());
        notifyListener(() -> settings.listener().eventFailed(name, at, eventType, error, attempts));
        FailurePolicy policy = projection.failurePolicy();
        if (policy instanceof FailurePolicy.Retry retry) {
            if (retry.maxAttempts() == 0 || attempts < retry.maxAttempts()) {
                Duration backoff = retry.backoff(attempts);
                LOGGER.log(Level.WARNING, "projection '" + name + "' failed at position " + at + " (attempt " + attempts
                        + "); retrying in " + backoff, error);
                setState(ProjectionState.RETRYING);
                signal.awaitControl(backoff);
                return controlPending() ? Decision.ABORT : Decision.RETRY;
            }
            policy = retry.whenExhausted();
        }
        if (policy == FailurePolicy.skip()) {
            LOGGER.log(Level.WARNING, "projection '" + name + "' skips the event at position " + at + " after "
                    + attempts + " attempt(s)", error);
            return Decision.SKIP;
        }
        LOGGER.log(Level.ERROR, "projection '" + name + "' stopped at position " + at + " after " + attempts
                + " attempt(s); resume or reset it", error);
        failed = true;
        setState(ProjectionState.FAILED);
        return Decision.STOP;
    }

    private void skip(long at, @Nullable String streamId, @Nullable String eventType, Exception error) {
        String message = error.getMessage();
        SkippedEvent skipped = new SkippedEvent(name, at, streamId, eventType,
                error.getClass().getName() + (message == null ? "" : ": " + message), settings.clock().instant());
        if (projection.delivery() == Projection.Delivery.TRANSACTIONAL) {
            TransactionalCheckpointStore store = Objects.requireNonNull(transactionalCheckpoints);
            long expected = saved;
            try (Connection connection = store.dataSource().getConnection()) {
                boolean autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(false);
                try {
                    store.recordSkipped(connection, skipped);
                    commitCheckpoint(connection, store, expected, at);
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(connection);
                    throw e;
                } finally {
                    restoreAutoCommit(connection, autoCommit);
                }
            } catch (SQLException e) {
                reloadCheckpoint = true;
                throw new EventStoreException("projection '" + name + "' could not record the skipped event at position "
                        + at + ": " + e.getMessage(), e);
            }
            saved = at;
            position = Math.max(position, at);
        } else {
            settings.checkpoints().recordSkipped(skipped);
            position = at;
            pendingEvents++;
        }
        failurePosition = -1;
        failureAttempts = 0;
        eventsSkipped.incrementAndGet();
        notifyListener(() -> settings.listener().eventSkipped(skipped));
    }

    private void storeFailure(RuntimeException e) {
        storeFailures++;
        if (projection.delivery() == Projection.Delivery.TRANSACTIONAL) {
            // A failed COMMIT may have committed: trust only the stored checkpoint.
            reloadCheckpoint = true;
        }
        lastError = ProjectionError.of(position, null, e, storeFailures, settings.clock().instant());
        long factor = 1L << Math.min(storeFailures - 1, 20);
        Duration backoff = FIRST_STORE_BACKOFF.multipliedBy(factor);
        if (backoff.compareTo(MAX_STORE_BACKOFF) > 0) {
            backoff = MAX_STORE_BACKOFF;
        }
        LOGGER.log(Level.WARNING, "projection '" + name + "' failed to read or save (failure " + storeFailures
                + "); retrying in " + backoff, e);
        setState(ProjectionState.RETRYING);
        signal.awaitControl(backoff);
    }

    private void performReset(ResetRequest request) {
        long to = request.position();
        try {
            if (projection.delivery() == Projection.Delivery.TRANSACTIONAL) {
                TransactionalCheckpointStore store = Objects.requireNonNull(transactionalCheckpoints);
                try (Connection connection = store.dataSource().getConnection()) {
                    boolean autoCommit = connection.getAutoCommit();
                    connection.setAutoCommit(false);
                    try {
                        Objects.requireNonNull(projection.transactionalHandler()).reset(to, connection);
                        store.save(connection, name, to);
                        connection.commit();
                    } catch (Exception | Error e) {
                        rollbackQuietly(connection);
                        throw e;
                    } finally {
                        restoreAutoCommit(connection, autoCommit);
                    }
                }
            } else {
                Objects.requireNonNull(projection.handler()).reset(to);
                settings.checkpoints().save(name, to);
            }
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "reset of projection '" + name + "' to " + to + " failed; nothing changed", e);
            request.done().completeExceptionally(e);
            return;
        }
        position = saved = to;
        pendingEvents = 0;
        carefulUntil = 0;
        failed = false;
        failurePosition = -1;
        failureAttempts = 0;
        lastError = null;
        oldestUnhandledAt = null;
        lastSaveNanos = System.nanoTime();
        LOGGER.log(Level.INFO, "projection '" + name + "' was reset to position " + to);
        request.done().complete(null);
    }

    // ---------------------------------------------------------------- helpers

    /** Nanoseconds of a duration, capped far below overflow so that nanoTime arithmetic stays sound. */
    private static long saturatedNanos(Duration duration) {
        long cap = Long.MAX_VALUE / 4;
        return duration.compareTo(Duration.ofNanos(cap)) >= 0 ? cap : duration.toNanos();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private boolean controlPending() {
        return closing || pauseRequested || resetRequest.get() != null;
    }

    private void handled(EventEnvelope event, long nanos) {
        eventsHandled.incrementAndGet();
        Duration duration = Duration.ofNanos(nanos);
        notifyListener(() -> settings.listener().eventHandled(name, event, duration));
    }

    private void setState(ProjectionState next) {
        ProjectionState previous = state;
        if (previous != next) {
            state = next;
            notifyListener(() -> settings.listener().stateChanged(name, previous, next));
        }
    }

    private void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "projection listener failed for '" + name + "'", e);
        }
    }

    private void shutDown() {
        flushQuietly();
        releaseLeadership();
        ResetRequest pending = resetRequest.getAndSet(null);
        if (pending != null) {
            pending.done().completeExceptionally(new IllegalStateException("projection manager closed"));
        }
        setState(ProjectionState.STOPPED);
    }

    /** An Error is handled like a crash of the process: no checkpoint, leadership given up. */
    private void crash(Error error) {
        lastError = ProjectionError.of(position, null, error, 1, settings.clock().instant());
        LOGGER.log(Level.ERROR, "projection '" + name + "' stopped by an error; its checkpoint stays at " + saved, error);
        try {
            releaseLeadership();
        } catch (RuntimeException | Error e) {
            error.addSuppressed(e);
        }
        position = saved;
        pendingEvents = 0;
        setState(ProjectionState.FAILED);
    }
}
