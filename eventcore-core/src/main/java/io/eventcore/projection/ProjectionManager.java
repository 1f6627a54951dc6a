package io.eventcore.projection;

import io.eventcore.serialization.EventTypeRegistry;
import io.eventcore.store.EventFilter;
import io.eventcore.store.EventStore;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Runs projections: each on its own thread, from its checkpoint through the backlog and then live,
 * woken by the store's {@link EventStore#watch watch} within milliseconds of a commit and polling
 * as a fallback.
 *
 * <pre>{@code
 * ProjectionManager manager = ProjectionManager.builder(eventStore, checkpointStore)
 *         .coordinator(coordinator)
 *         .eventTypes(registry)
 *         .build();
 * manager.register(balances);
 * manager.start();
 * ...
 * manager.close();
 * }</pre>
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Each projection sees the events its filter passes in global position order, each once per
 *       pass; after a crash or a change of leader, a transactional projection continues exactly
 *       after its last committed batch, an at-least-once one after its last checkpoint.
 *   <li>A projection runs only while its runner holds the {@link ProjectionCoordinator}'s
 *       leadership, checked before every page and every checkpoint; instances without it wait on
 *       standby and take over by themselves. Checkpoints move by compare-and-set, so a runner that
 *       lost its leadership, or whose projection was reset, cannot move a checkpoint back or commit
 *       a transactional batch twice.
 *   <li>Projections are independent: a slow, failing or stopped one holds up no other.
 * </ul>
 *
 * <h2>Operations</h2>
 *
 * <p>{@link #pause}, {@link #resume}, {@link #reset} and {@link #status} act on this instance's
 * runner. A paused leader keeps its leadership, so a standby elsewhere does not start it. Reset
 * from the leader's instance: another instance's leader notices the moved checkpoint at its next
 * save and continues from there, but without calling the handler's reset. Thread-safe.
 */
public final class ProjectionManager implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(ProjectionManager.class.getName());

    private final EventStore store;
    private final ProjectionRunner.Settings settings;
    private final EventTypeRegistry eventTypes;
    private final Duration shutdownTimeout;
    private final Duration operationTimeout;
    private final Map<String, ProjectionRunner> runners = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    private boolean started;
    private boolean closed;
    private @Nullable AutoCloseable watch;

    private ProjectionManager(Builder builder) {
        this.store = builder.store;
        this.eventTypes = builder.eventTypes;
        this.shutdownTimeout = builder.shutdownTimeout;
        this.operationTimeout = builder.operationTimeout;
        ThreadFactory threads = builder.threadFactory != null ? builder.threadFactory : ProjectionManager::newThread;
        this.settings = new ProjectionRunner.Settings(builder.store, builder.checkpoints, builder.coordinator,
                builder.listener, new HeadTracker(builder.store), builder.clock, builder.pollInterval,
                builder.leadershipRetryInterval, threads);
    }

    /**
     * Starts a builder.
     *
     * @param store the event store to read
     * @param checkpoints where checkpoints and skipped events are kept
     * @return the builder
     */
    public static Builder builder(EventStore store, CheckpointStore checkpoints) {
        return new Builder(store, checkpoints);
    }

    /**
     * Adds a projection. Once the manager is started, the projection starts at once.
     *
     * @param projection the projection
     * @throws IllegalArgumentException if a projection of that name is registered already, if a
     *     transactional projection has no {@link TransactionalCheckpointStore}, or if an event
     *     class has no stored name
     * @throws IllegalStateException if the manager is closed
     */
    public void register(Projection projection) {
        Objects.requireNonNull(projection, "projection must not be null");
        EventFilter filter;
        try {
            filter = projection.filter(eventTypes);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("projection '" + projection.name() + "' reads an event class without a"
                    + " stored type name: " + e.getMessage(), e);
        }
        ProjectionRunner runner = new ProjectionRunner(projection, filter, settings);
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("projection manager is closed");
            }
            if (runners.putIfAbsent(projection.name(), runner) != null) {
                throw new IllegalArgumentException("a projection named '" + projection.name() + "' is already registered");
            }
            if (started) {
                runner.start();
            }
        }
    }

    /**
     * Starts every registered projection and watches the store for new events. Idempotent.
     *
     * @throws IllegalStateException if the manager is closed
     */
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("projection manager is closed");
            }
            if (started) {
                return;
            }
            started = true;
            try {
                watch = store.watch(() -> runners.values().forEach(ProjectionRunner::wake));
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "event store cannot notify; projections poll every " + settings.pollInterval(), e);
            }
            runners.values().forEach(ProjectionRunner::start);
        }
    }

    /** @return whether {@link #start()} was called and {@link #close()} was not */
    public boolean isRunning() {
        synchronized (lifecycle) {
            return started && !closed;
        }
    }

    /** @return the registered projections */
    public List<Projection> projections() {
        return runners.values().stream().map(ProjectionRunner::projection).toList();
    }

    /**
     * The status of one projection as this instance sees it.
     *
     * @param name the projection's name
     * @return the status, or empty if no projection has that name
     */
    public Optional<ProjectionStatus> status(String name) {
        ProjectionRunner runner = runners.get(Objects.requireNonNull(name, "name must not be null"));
        return runner == null ? Optional.empty() : Optional.of(runner.status());
    }

    /** @return the status of every projection, ordered by name */
    public List<ProjectionStatus> statuses() {
        List<ProjectionStatus> statuses = new ArrayList<>();
        runners.values().forEach(runner -> statuses.add(runner.status()));
        statuses.sort((a, b) -> a.name().compareTo(b.name()));
        return List.copyOf(statuses);
    }

    /**
     * Pauses a projection on this instance after the event in hand; its checkpoint is saved. When
     * the manager is running, waits up to the operation timeout for the projection to stop, so that
     * its {@link #status} shows {@link ProjectionState#PAUSED} (or {@code FAILED}) afterwards.
     *
     * @param name the projection's name
     * @return {@code false} if the projection had not paused when the wait ended; it will when its
     *     current event is done
     * @throws IllegalArgumentException if no projection has that name
     */
    public boolean pause(String name) {
        ProjectionRunner runner = runner(name);
        return awaitApplied(runner, runner.pause());
    }

    /**
     * Resumes a paused projection, or one stopped by its failure policy or by an error (trying the
     * failed event again). Does nothing to a running one. When the manager is running, waits up to
     * the operation timeout for the projection to act on it.
     *
     * @param name the projection's name
     * @return {@code false} if the projection had not acted on it when the wait ended
     * @throws IllegalArgumentException if no projection has that name
     */
    public boolean resume(String name) {
        ProjectionRunner runner = runner(name);
        return awaitApplied(runner, runner.resume());
    }

    private boolean awaitApplied(ProjectionRunner runner, long request) {
        return isRunning() && runner.awaitApplied(request, operationTimeout);
    }

    /**
     * Moves a projection to a position and clears its failure: the handler's {@code reset} runs
     * (for the transactional kind in the transaction that moves the checkpoint), then events after
     * {@code position} are delivered again. Waits until done. A paused projection stays paused.
     *
     * @param name the projection's name
     * @param position 0 to rebuild from the start, or the position to continue after
     * @throws IllegalArgumentException if no projection has that name or the position is negative
     * @throws IllegalStateException if the manager is not running, or the reset failed, was
     *     superseded or timed out; the cause says why
     */
    public void reset(String name, long position) {
        ProjectionRunner runner = runner(name);
        if (!isRunning()) {
            throw new IllegalStateException("projection manager is not running; start it before resetting '" + name + "'");
        }
        CompletableFuture<Void> done = runner.reset(position);
        try {
            done.get(operationTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reset of projection '" + name + "' to " + position + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("reset of projection '" + name + "' to " + position + " did not finish within "
                    + operationTimeout + "; it will still run when the projection's current work ends", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting projection '" + name + "'", e);
        }
    }

    /**
     * The events a projection skipped under its failure policy, from the checkpoint store.
     *
     * @param name the projection's name
     * @return the skipped events in position order
     * @throws IllegalArgumentException if no projection has that name
     */
    public List<SkippedEvent> skipped(String name) {
        runner(name);
        return settings.checkpoints().skipped(name);
    }

    /**
     * Stops every projection: each finishes the event in hand, saves its checkpoint and gives up
     * its leadership, waiting up to the shutdown timeout before its thread is interrupted.
     * Idempotent.
     */
    @Override
    public void close() {
        List<ProjectionRunner> stopping;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = List.copyOf(runners.values());
        }
        AutoCloseable handle = watch;
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                LOGGER.log(Level.WARNING, "could not stop watching the event store", e);
            }
        }
        stopping.forEach(ProjectionRunner::requestClose);
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        for (ProjectionRunner runner : stopping) {
            runner.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    private ProjectionRunner runner(String name) {
        ProjectionRunner runner = runners.get(Objects.requireNonNull(name, "name must not be null"));
        if (runner == null) {
            throw new IllegalArgumentException("no projection named '" + name + "' is registered");
        }
        return runner;
    }

    private static Thread newThread(Runnable task) {
        Thread thread = new Thread(task, "eventcore-projection");
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public String toString() {
        return "ProjectionManager" + runners.keySet();
    }

    /** Builds a {@link ProjectionManager}. Not thread-safe. */
    public static final class Builder {

        private final EventStore store;
        private final CheckpointStore checkpoints;
        private ProjectionCoordinator coordinator = new InMemoryProjectionCoordinator();
        private EventTypeRegistry eventTypes = new EventTypeRegistry();
        private ProjectionListener listener = ProjectionListener.NONE;
        private Clock clock = Clock.systemUTC();
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration leadershipRetryInterval = Duration.ofSeconds(5);
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private Duration operationTimeout = Duration.ofSeconds(30);
        private @Nullable ThreadFactory threadFactory;

        private Builder(EventStore store, CheckpointStore checkpoints) {
            this.store = Objects.requireNonNull(store, "store must not be null");
            this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints must not be null");
        }

        /**
         * Sets who decides which instance runs each projection. Defaults to an
         * {@link InMemoryProjectionCoordinator}, right only for a single instance.
         *
         * @param coordinator the coordinator
         * @return this builder
         */
        public Builder coordinator(ProjectionCoordinator coordinator) {
            this.coordinator = Objects.requireNonNull(coordinator, "coordinator must not be null");
            return this;
        }

        /**
         * Sets the registry that names the projections' event classes. Defaults to a new registry,
         * which knows classes annotated with {@link io.eventcore.EventType @EventType}.
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder eventTypes(EventTypeRegistry registry) {
            this.eventTypes = Objects.requireNonNull(registry, "registry must not be null");
            return this;
        }

        /**
         * Sets the listener told about events, failures, checkpoints and state changes.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(ProjectionListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener must not be null");
            return this;
        }

        /**
         * Sets the clock for error and skip times and for lag time. Defaults to the UTC system
         * clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * Sets how long a caught-up projection waits for a notification before it reads anyway;
         * the fallback for lost or unsupported notifications. Defaults to 1 second.
         *
         * @param interval positive
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = positive(interval, "pollInterval");
            return this;
        }

        /**
         * Sets how often a standby asks for the leadership. Bounds how long a projection stays
         * without a runner after its leader dies. A runner that loses its leadership also waits
         * this long before it asks again, so that a standby, not the instance whose session just
         * failed, takes over. Defaults to 5 seconds.
         *
         * @param interval positive
         * @return this builder
         */
        public Builder leadershipRetryInterval(Duration interval) {
            this.leadershipRetryInterval = positive(interval, "leadershipRetryInterval");
            return this;
        }

        /**
         * Sets how long {@link ProjectionManager#close()} waits for runners to finish their event
         * in hand before interrupting them. Defaults to 10 seconds.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = positive(timeout, "shutdownTimeout");
            return this;
        }

        /**
         * Sets how long {@link ProjectionManager#reset} waits. Defaults to 30 seconds.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder operationTimeout(Duration timeout) {
            this.operationTimeout = positive(timeout, "operationTimeout");
            return this;
        }

        /**
         * Sets the factory of the projections' threads, one per projection. Defaults to daemon
         * threads named {@code eventcore-projection}.
         *
         * @param factory the factory
         * @return this builder
         */
        public Builder threadFactory(ThreadFactory factory) {
            this.threadFactory = Objects.requireNonNull(factory, "threadFactory must not be null");
            return this;
        }

        /**
         * Builds the manager; nothing runs until {@link ProjectionManager#start()}.
         *
         * @return the manager
         */
        public ProjectionManager build() {
            return new ProjectionManager(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name + " must not be null");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
