package io.eventcore.autoconfigure.actuate;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.eventcore.CommandExecutor;
import io.eventcore.RetryPolicy;
import io.eventcore.StreamCache;
import io.eventcore.autoconfigure.EventCoreProperties;
import io.eventcore.projection.ProjectionStatus;
import io.eventcore.store.EventStore;
import io.eventcore.store.memory.InMemoryEventStore;
import io.eventcore.store.postgres.PostgresEventStore;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code eventcore} Actuator endpoint: what EventCore runs with and how it is doing.
 *
 * <ul>
 *   <li>{@code GET /actuator/eventcore}: the store (type, schema, table prefix, group commit), the
 *       executor's retry, stream limit and cache settings in force, live command statistics over
 *       the last minute (throughput and p50/p95/p99 latency of single-stream and multi-stream
 *       commands, conflict and retry rates), the stream cache's hit ratio, and projections.
 *   <li>{@code GET /actuator/eventcore/{projection}}: one projection's status; 404 if unknown.
 *   <li>{@code POST /actuator/eventcore/{projection}} with {@code {"action": "pause"}}, {@code
 *       "resume"}, or {@code "reset"} (with an optional {@code "position"}, default 0 to rebuild):
 *       operator actions on one projection; returns its status afterwards, 404 if unknown, 400
 *       for an unknown action.
 * </ul>
 *
 * Projection entries come from a {@link ProjectionEndpointContributor} bean, when there is one.
 * Every response is an immutable record.
 */
@Endpoint(id = "eventcore")
public class EventCoreEndpoint {

    private final CommandExecutor executor;
    private final EventCoreProperties properties;
    private final CommandStatistics statistics;
    private final ObjectProvider<ProjectionEndpointContributor> projections;

    EventCoreEndpoint(CommandExecutor executor, EventCoreProperties properties, CommandStatistics statistics,
            ObjectProvider<ProjectionEndpointContributor> projections) {
        this.executor = executor;
        this.properties = properties;
        this.statistics = statistics;
        this.projections = projections;
    }

    /**
     * Everything the endpoint shows.
     *
     * @return the description
     */
    @ReadOperation
    public EventCoreDescriptor eventCore() {
        ProjectionEndpointContributor contributor = projections.getIfUnique();
        return new EventCoreDescriptor(store(executor.store()), executor(), cache(executor.cache()),
                statistics.snapshot(), contributor == null ? List.of() : List.copyOf(contributor.projections()));
    }

    /**
     * One projection's status.
     *
     * @param name the projection's name
     * @return its status, or {@code null} (404) if there is no such projection
     */
    @ReadOperation
    public @Nullable ProjectionStatus projection(@Selector String name) {
        ProjectionEndpointContributor contributor = projections.getIfUnique();
        return contributor == null ? null : contributor.projection(name).orElse(null);
    }

    /**
     * Pauses, resumes or resets one projection.
     *
     * @param name the projection's name
     * @param action {@code pause}, {@code resume} or {@code reset}
     * @param position for {@code reset}: the position to restart after; default 0 (rebuild)
     * @return the projection's status afterwards: pause and resume wait (up to
     *     {@code eventcore.projections.operation-timeout}) for the projection to act on them
     * @throws InvalidEndpointRequestException (400) for an unknown projection, an unknown action or a
     *     negative position (a write operation cannot answer 404: Actuator turns {@code null} into 204)
     */
    @WriteOperation
    public ProjectionStatus changeProjection(@Selector String name, String action, @Nullable Long position) {
        ProjectionEndpointContributor contributor = projections.getIfUnique();
        if (contributor == null || contributor.projection(name).isEmpty()) {
            throw unknownProjection(name);
        }
        Optional<ProjectionStatus> status = switch (action.toLowerCase(Locale.ROOT)) {
            case "pause" -> contributor.pause(name);
            case "resume" -> contributor.resume(name);
            case "reset" -> {
                long from = position == null ? 0 : position;
                if (from < 0) {
                    throw new InvalidEndpointRequestException("position must not be negative, was " + from,
                            "negative position");
                }
                yield contributor.reset(name, from);
            }
            default -> throw new InvalidEndpointRequestException(
                    "action must be pause, resume or reset, was '" + action + "'", "unknown action");
        };
        return status.orElseThrow(() -> unknownProjection(name));
    }

    private static InvalidEndpointRequestException unknownProjection(String name) {
        return new InvalidEndpointRequestException("no projection named '" + name + "'", "unknown projection");
    }

    private StoreDescriptor store(EventStore store) {
        if (store instanceof PostgresEventStore postgres) {
            // The batch size is the configured value; the rest is what the store runs with.
            EventCoreProperties.GroupCommit groupCommit = properties.getPostgres().getGroupCommit();
            return new StoreDescriptor("postgres", postgres.schema(), postgres.tablePrefix(), postgres.parallelCommits(),
                    new GroupCommitDescriptor(postgres.writerThreads() > 0, groupCommit.getMaxBatchSize(),
                            postgres.writerThreads(), postgres.maxBatchDelay()));
        }
        if (store instanceof InMemoryEventStore) {
            return new StoreDescriptor("memory", null, null, null, null);
        }
        return new StoreDescriptor(store.getClass().getName(), null, null, null, null);
    }

    private ExecutorDescriptor executor() {
        RetryPolicy retry = executor.retryPolicy();
        return new ExecutorDescriptor(
                new RetryDescriptor(retry.maxAttempts(), retry.baseDelay(), retry.maxDelay(), retry.jitter()),
                executor.maxStreamsPerCommand(), executor.queuesSameStreamCommands());
    }

    private static CacheDescriptor cache(StreamCache cache) {
        CacheStats stats = cache.stats();
        return new CacheDescriptor(cache.isEnabled(), cache.maxEvents(), cache.ttl(), cache.size(), stats.hitCount(),
                stats.missCount(), stats.requestCount() == 0 ? 0 : stats.hitRate(), stats.evictionCount());
    }

    /**
     * The whole endpoint response.
     *
     * @param store which store and where
     * @param executor the executor's settings in force
     * @param cache the stream cache's settings and statistics
     * @param commands live command statistics
     * @param projections every projection's status; empty without projections
     */
    public record EventCoreDescriptor(StoreDescriptor store, ExecutorDescriptor executor, CacheDescriptor cache,
            CommandsDescriptor commands, List<ProjectionStatus> projections) {
    }

    /**
     * The event store.
     *
     * @param type {@code postgres}, {@code memory}, or the class name of another store
     * @param schema database schema of the tables, PostgreSQL only
     * @param tablePrefix table name prefix, PostgreSQL only
     * @param parallelCommits whether positions come from the transaction id, so that commits run in
     *     parallel, rather than from the position counter; PostgreSQL only
     * @param groupCommit group-commit settings, PostgreSQL only
     */
    public record StoreDescriptor(String type, @Nullable String schema, @Nullable String tablePrefix,
            @Nullable Boolean parallelCommits, @Nullable GroupCommitDescriptor groupCommit) {
    }

    /**
     * Group-commit settings of the PostgreSQL store.
     *
     * @param enabled whether concurrent appends share transactions
     * @param maxBatchSize most appends per transaction
     * @param writerThreads batches in flight at once
     * @param maxBatchDelay how long a writer may wait for its batch to fill to the previous one's size
     */
    public record GroupCommitDescriptor(boolean enabled, int maxBatchSize, int writerThreads, Duration maxBatchDelay) {
    }

    /**
     * The command executor's settings.
     *
     * @param retry how version conflicts are retried
     * @param maxStreamsPerCommand most streams one command may read
     * @param queueSameStreamCommands whether same-stream commands queue in this JVM
     */
    public record ExecutorDescriptor(RetryDescriptor retry, int maxStreamsPerCommand,
            boolean queueSameStreamCommands) {
    }

    /**
     * The retry policy.
     *
     * @param maxAttempts attempts per command, the first included
     * @param baseDelay delay before the first retry
     * @param maxDelay cap of any delay
     * @param jitter relative randomization of delays
     */
    public record RetryDescriptor(int maxAttempts, Duration baseDelay, Duration maxDelay, double jitter) {
    }

    /**
     * The stream cache.
     *
     * @param enabled whether it holds anything
     * @param maxEvents bound on cached events
     * @param ttl time-to-live since last write
     * @param streams cached streams now (approximate)
     * @param hits lookups that found the stream, since start
     * @param misses lookups that did not, since start
     * @param hitRatio hits over lookups since start, 0 before the first
     * @param evictions entries evicted for size or age, since start
     */
    public record CacheDescriptor(boolean enabled, long maxEvents, Duration ttl, long streams, long hits, long misses,
            double hitRatio, long evictions) {
    }

    /**
     * Command statistics over a sliding window.
     *
     * @param window the window's length
     * @param singleStream successful commands that read one stream
     * @param multiStream successful commands that read several streams, discovered ones included
     * @param rejected commands their business rule rejected
     * @param conflicts commands that failed after exhausting their retries
     * @param errors commands that failed otherwise
     * @param retries version conflicts that were retried
     * @param conflictRate conflicts over finished commands
     * @param retryRate retries over finished commands
     */
    public record CommandsDescriptor(Duration window, LatencyDescriptor singleStream, LatencyDescriptor multiStream,
            long rejected, long conflicts, long errors, long retries, double conflictRate, double retryRate) {
    }

    /**
     * Throughput and latency of one kind of command over the window.
     *
     * @param count successful commands
     * @param opsPerSecond successful commands per second
     * @param p50Millis median latency in milliseconds, retries included
     * @param p95Millis 95th percentile latency in milliseconds
     * @param p99Millis 99th percentile latency in milliseconds
     */
    public record LatencyDescriptor(long count, double opsPerSecond, double p50Millis, double p95Millis,
            double p99Millis) {
    }
}
