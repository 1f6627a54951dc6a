package io.eventcore.projection;

import io.eventcore.serialization.EventTypeRegistry;
import io.eventcore.store.EventFilter;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A named handler of events, with what it reads and how it is delivered. Immutable; run it with a
 * {@link ProjectionManager}.
 *
 * <pre>{@code
 * Projection balances = Projection.transactional("balances", (event, connection) -> { ... })
 *         .eventTypes(Deposited.class, Withdrawn.class)
 *         .streamPrefix("account-")
 *         .failurePolicy(FailurePolicy.retry(5, Duration.ofSeconds(1), Duration.ofMinutes(1), FailurePolicy.stop()))
 *         .build();
 * }</pre>
 *
 * <p>The name identifies the projection's checkpoint and its leadership lock: keep it stable, and
 * unique among the projections sharing a checkpoint store. Events are delivered in global position
 * order, each one after every event with a smaller position, from the checkpoint on: first the
 * backlog (catch-up), then new events as they commit (live).
 */
public final class Projection {

    /** Largest allowed name length. */
    public static final int MAX_NAME_LENGTH = 200;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    /** How events reach the handler and when the checkpoint is saved. */
    public enum Delivery {
        /**
         * The handler writes through the connection of the transaction that also saves the
         * checkpoint: every event is applied exactly once.
         */
        TRANSACTIONAL,
        /**
         * The checkpoint is saved every few events or milliseconds, apart from the handler's work:
         * after a crash, the events since the last checkpoint are delivered again.
         */
        AT_LEAST_ONCE
    }

    private final String name;
    private final Delivery delivery;
    private final @Nullable ProjectionHandler handler;
    private final @Nullable TransactionalProjectionHandler transactionalHandler;
    private final Set<String> eventTypeNames;
    private final List<Class<?>> eventClasses;
    private final @Nullable String streamPrefix;
    private final @Nullable String streamPattern;
    private final FailurePolicy failurePolicy;
    /** Default of {@link Builder#batchSize}. */
    public static final int DEFAULT_BATCH_SIZE = 256;
    /** Default events of {@link Builder#checkpointEvery}. */
    public static final int DEFAULT_CHECKPOINT_EVENTS = 100;
    /** Default interval of {@link Builder#checkpointEvery}. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    // null: not set on the builder, so withDefaults may fill it in
    private final @Nullable Integer batchSize;
    private final @Nullable Integer checkpointEvery;
    private final @Nullable Duration checkpointInterval;

    private Projection(Builder builder) {
        this.name = builder.name;
        this.delivery = builder.delivery;
        this.handler = builder.handler;
        this.transactionalHandler = builder.transactionalHandler;
        this.eventTypeNames = Set.copyOf(builder.eventTypeNames);
        this.eventClasses = List.copyOf(builder.eventClasses);
        this.streamPrefix = builder.streamPrefix;
        this.streamPattern = builder.streamPattern;
        this.failurePolicy = builder.failurePolicy;
        this.batchSize = builder.batchSize;
        this.checkpointEvery = builder.checkpointEvery;
        this.checkpointInterval = builder.checkpointInterval;
    }

    private Projection(Projection projection, @Nullable Integer batchSize, @Nullable Integer checkpointEvery,
            @Nullable Duration checkpointInterval) {
        this.name = projection.name;
        this.delivery = projection.delivery;
        this.handler = projection.handler;
        this.transactionalHandler = projection.transactionalHandler;
        this.eventTypeNames = projection.eventTypeNames;
        this.eventClasses = projection.eventClasses;
        this.streamPrefix = projection.streamPrefix;
        this.streamPattern = projection.streamPattern;
        this.failurePolicy = projection.failurePolicy;
        this.batchSize = batchSize;
        this.checkpointEvery = checkpointEvery;
        this.checkpointInterval = checkpointInterval;
    }

    /**
     * This projection with other defaults for what its builder left unset, for an application's
     * configured defaults; what the builder set explicitly stays.
     *
     * @param batchSize used if {@link Builder#batchSize} was not called; at least 1
     * @param checkpointEvents used if {@link Builder#checkpointEvery} was not called; at least 1
     * @param checkpointInterval used with {@code checkpointEvents}; positive
     * @return the projection with those defaults; this one if they change nothing
     * @throws IllegalArgumentException if a default is out of range
     */
    public Projection withDefaults(int batchSize, int checkpointEvents, Duration checkpointInterval) {
        checkBatchSize(batchSize);
        checkCheckpoints(checkpointEvents, checkpointInterval);
        int batch = this.batchSize != null ? this.batchSize : batchSize;
        boolean checkpointsSet = this.checkpointEvery != null;
        int events = checkpointsSet ? checkpointEvery() : checkpointEvents;
        Duration interval = checkpointsSet ? checkpointInterval() : checkpointInterval;
        if (batch == batchSize() && events == checkpointEvery() && interval.equals(checkpointInterval())) {
            return this;
        }
        return new Projection(this, batch, events, interval);
    }

    /**
     * Starts a transactional projection: handler writes and checkpoint commit together. Needs a
     * {@link TransactionalCheckpointStore} (PostgreSQL).
     *
     * @param name stable, unique name: letters, digits, {@code . _ : -}; at most
     *     {@value #MAX_NAME_LENGTH} characters
     * @param handler receives each event with the transaction's connection
     * @return a builder
     * @throws IllegalArgumentException if the name breaks its rule
     */
    public static Builder transactional(String name, TransactionalProjectionHandler handler) {
        return new Builder(name, Delivery.TRANSACTIONAL, null,
                Objects.requireNonNull(handler, "handler must not be null"));
    }

    /**
     * Starts an at-least-once projection: checkpoints are saved in batches apart from the
     * handler's work.
     *
     * @param name stable, unique name: letters, digits, {@code . _ : -}; at most
     *     {@value #MAX_NAME_LENGTH} characters
     * @param handler receives each event
     * @return a builder
     * @throws IllegalArgumentException if the name breaks its rule
     */
    public static Builder atLeastOnce(String name, ProjectionHandler handler) {
        return new Builder(name, Delivery.AT_LEAST_ONCE, Objects.requireNonNull(handler, "handler must not be null"),
                null);
    }

    /** @return the projection's stable name */
    public String name() {
        return name;
    }

    /** @return how events are delivered */
    public Delivery delivery() {
        return delivery;
    }

    /** @return the handler of an at-least-once projection, {@code null} for a transactional one */
    public @Nullable ProjectionHandler handler() {
        return handler;
    }

    /** @return the handler of a transactional projection, {@code null} for an at-least-once one */
    public @Nullable TransactionalProjectionHandler transactionalHandler() {
        return transactionalHandler;
    }

    /** @return stored type names given by name; see also {@link #eventClasses()} */
    public Set<String> eventTypeNames() {
        return eventTypeNames;
    }

    /** @return event classes, resolved to stored names through an {@link EventTypeRegistry} */
    public List<Class<?>> eventClasses() {
        return eventClasses;
    }

    /** @return the stream id prefix, if any */
    public @Nullable String streamPrefix() {
        return streamPrefix;
    }

    /** @return the stream id glob, if any */
    public @Nullable String streamPattern() {
        return streamPattern;
    }

    /** @return what happens when the handler fails or an event cannot be decoded */
    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    /** @return most events read per page, and handled per transaction for the transactional kind */
    public int batchSize() {
        return batchSize != null ? batchSize : DEFAULT_BATCH_SIZE;
    }

    /** @return at-least-once: events handled before the checkpoint is saved */
    public int checkpointEvery() {
        return checkpointEvery != null ? checkpointEvery : DEFAULT_CHECKPOINT_EVENTS;
    }

    /** @return at-least-once: longest time the checkpoint trails the handled events */
    public Duration checkpointInterval() {
        return checkpointInterval != null ? checkpointInterval : DEFAULT_CHECKPOINT_INTERVAL;
    }

    /**
     * The filter this projection reads with, its event classes resolved to stored names.
     *
     * @param registry names the {@linkplain #eventClasses() event classes}
     * @return the filter; it passes every type when neither names nor classes were given
     * @throws io.eventcore.EventSerializationException if an event class has no stored name
     */
    public EventFilter filter(EventTypeRegistry registry) {
        Set<String> types = new LinkedHashSet<>(eventTypeNames);
        for (Class<?> type : eventClasses) {
            types.add(registry.nameOf(type));
        }
        return new EventFilter(types, streamPrefix, streamPattern);
    }

    @Override
    public String toString() {
        return "Projection[" + name + ", " + delivery + ", types=" + eventTypeNames
                + (eventClasses.isEmpty() ? "" : " " + eventClasses.stream().map(Class::getSimpleName).toList())
                + (streamPrefix == null ? "" : ", prefix=" + streamPrefix)
                + (streamPattern == null ? "" : ", pattern=" + streamPattern) + ", " + failurePolicy + "]";
    }

    private static void checkBatchSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + size);
        }
    }

    private static void checkCheckpoints(int events, Duration interval) {
        if (events < 1) {
            throw new IllegalArgumentException("checkpointEvery events must be at least 1, was " + events);
        }
        Objects.requireNonNull(interval, "checkpoint interval must not be null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("checkpoint interval must be positive, was " + interval);
        }
    }

    /** Builds a {@link Projection}. Not thread-safe. */
    public static final class Builder {

        private final String name;
        private final Delivery delivery;
        private final @Nullable ProjectionHandler handler;
        private final @Nullable TransactionalProjectionHandler transactionalHandler;
        private final Set<String> eventTypeNames = new LinkedHashSet<>();
        private final Set<Class<?>> eventClasses = new LinkedHashSet<>();
        private @Nullable String streamPrefix;
        private @Nullable String streamPattern;
        private FailurePolicy failurePolicy = FailurePolicy.retry(Duration.ofSeconds(1), Duration.ofMinutes(1));
        private @Nullable Integer batchSize;
        private @Nullable Integer checkpointEvery;
        private @Nullable Duration checkpointInterval;

        private Builder(String name, Delivery delivery, @Nullable ProjectionHandler handler,
                @Nullable TransactionalProjectionHandler transactionalHandler) {
            Objects.requireNonNull(name, "name must not be null");
            if (name.length() > MAX_NAME_LENGTH) {
                throw new IllegalArgumentException(
                        "name must be at most " + MAX_NAME_LENGTH + " characters, was " + name.length());
            }
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "name must start with a letter or digit and contain only letters, digits and . _ : -, was '"
                                + name + "'");
            }
            this.name = name;
            this.delivery = delivery;
            this.handler = handler;
            this.transactionalHandler = transactionalHandler;
        }

        /**
         * Adds stored event type names to read. With no types at all, every type is read.
         *
         * @param names stored type names
         * @return this builder
         */
        public Builder eventTypes(String... names) {
            for (String type : names) {
                if (type == null || type.isBlank()) {
                    throw new IllegalArgumentException("event type names must not be blank");
                }
                eventTypeNames.add(type);
            }
            return this;
        }

        /**
         * Adds event classes to read; their stored names come from the manager's
         * {@link EventTypeRegistry} ({@link io.eventcore.EventType @EventType} or a registration).
         *
         * @param classes event classes
         * @return this builder
         */
        public Builder eventTypes(Class<?>... classes) {
            for (Class<?> type : classes) {
                eventClasses.add(Objects.requireNonNull(type, "event classes must not be null"));
            }
            return this;
        }

        /**
         * Reads only streams whose id starts with {@code prefix}.
         *
         * @param prefix the prefix, not blank
         * @return this builder
         */
        public Builder streamPrefix(String prefix) {
            if (prefix == null || prefix.isEmpty()) {
                throw new IllegalArgumentException("streamPrefix must not be empty");
            }
            this.streamPrefix = prefix;
            return this;
        }

        /**
         * Reads only streams whose id matches a glob ({@code *}, {@code ?}, {@code [0-9]}).
         *
         * @param glob the pattern
         * @return this builder
         * @throws IllegalArgumentException if the glob is malformed
         */
        public Builder streamPattern(String glob) {
            EventFilter.globToRegex(Objects.requireNonNull(glob, "streamPattern must not be null"));
            this.streamPattern = glob;
            return this;
        }

        /**
         * Sets what happens when the handler fails or an event cannot be decoded. Defaults to
         * retrying for ever with a backoff from 1 second to 1 minute.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder failurePolicy(FailurePolicy policy) {
            this.failurePolicy = Objects.requireNonNull(policy, "failurePolicy must not be null");
            return this;
        }

        /**
         * Sets the most events read per page; for the transactional kind also the most events per
         * transaction. Defaults to 256.
         *
         * @param size at least 1
         * @return this builder
         */
        public Builder batchSize(int size) {
            checkBatchSize(size);
            this.batchSize = size;
            return this;
        }

        /**
         * At-least-once only: saves the checkpoint after {@code events} handled events, or when
         * {@code interval} has passed since the last save, whichever comes first; and whenever the
         * projection catches up, pauses or stops. At most this many events are delivered twice
         * after a crash. Defaults to 100 events or 1 second.
         *
         * @param events at least 1
         * @param interval positive
         * @return this builder
         */
        public Builder checkpointEvery(int events, Duration interval) {
            checkCheckpoints(events, interval);
            this.checkpointEvery = events;
            this.checkpointInterval = interval;
            return this;
        }

        /**
         * Builds the projection.
         *
         * @return the projection
         */
        public Projection build() {
            return new Projection(this);
        }
    }
}
