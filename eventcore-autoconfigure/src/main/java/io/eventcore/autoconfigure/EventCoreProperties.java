package io.eventcore.autoconfigure;

import io.eventcore.RetryPolicy;
import io.eventcore.StreamCache;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.jspecify.annotations.Nullable;

/**
 * Configuration properties for EventCore, under {@code eventcore.*}.
 *
 * <h2>Schema initialization</h2>
 *
 * <p>The one place that documents it: {@code eventcore.postgres.initialize-schema} defaults to
 * {@link InitializeSchema#ALWAYS ALWAYS}. At startup the PostgreSQL store runs its idempotent
 * schema script ({@code CREATE ... IF NOT EXISTS}), after Flyway and Liquibase have migrated, so
 * adding the starter and pointing {@code spring.datasource.url} at PostgreSQL is enough; a schema
 * that already exists, made by the script or by your own migrations, is left as it is. Set it to
 * {@link InitializeSchema#NEVER NEVER} when the application's database user may not run DDL: the
 * application then refuses to start while the tables are missing, naming what is missing.
 */
// Defaults are literals (equal to core's, which a test checks) so the generated metadata shows them.
@ConfigurationProperties("eventcore")
public class EventCoreProperties {

    private final Store store = new Store();

    private final Postgres postgres = new Postgres();

    private final Retry retry = new Retry();

    private final Cache cache = new Cache();

    /**
     * Maximum number of streams one command may read, declared and discovered together.
     */
    private int maxStreamsPerCommand = 64;

    /**
     * Whether commands on the same stream wait for each other in this JVM instead of racing into
     * version conflicts.
     */
    private boolean queueSameStreamCommands = true;

    public Store getStore() {
        return store;
    }

    public Postgres getPostgres() {
        return postgres;
    }

    public Retry getRetry() {
        return retry;
    }

    public Cache getCache() {
        return cache;
    }

    public int getMaxStreamsPerCommand() {
        return maxStreamsPerCommand;
    }

    public void setMaxStreamsPerCommand(int maxStreamsPerCommand) {
        this.maxStreamsPerCommand = maxStreamsPerCommand;
    }

    public boolean isQueueSameStreamCommands() {
        return queueSameStreamCommands;
    }

    public void setQueueSameStreamCommands(boolean queueSameStreamCommands) {
        this.queueSameStreamCommands = queueSameStreamCommands;
    }

    /** Which event store to use. */
    public enum StoreType {

        /**
         * PostgreSQL when the context holds a single (or primary) DataSource, or one qualified with
         * {@link EventCoreDataSource @EventCoreDataSource}; otherwise in-memory, with a warning at
         * startup.
         */
        AUTO,

        /** PostgreSQL, on the {@code @EventCoreDataSource} or the single (or primary) DataSource. */
        POSTGRES,

        /** In memory: events are lost when the application stops. */
        MEMORY
    }

    /** When the PostgreSQL store creates its tables. */
    public enum InitializeSchema {

        /** At every startup; the script is idempotent and leaves existing tables alone. */
        ALWAYS,

        /** Only for an embedded database, which PostgreSQL never is: in practice, never. */
        EMBEDDED,

        /** Never: startup fails when the tables are missing. */
        NEVER
    }

    /** Event store selection. */
    public static class Store {

        /**
         * Event store to use: auto (PostgreSQL when a single DataSource exists, in-memory otherwise),
         * postgres or memory.
         */
        private StoreType type = StoreType.AUTO;

        public StoreType getType() {
            return type;
        }

        public void setType(StoreType type) {
            this.type = type;
        }
    }

    /** PostgreSQL event store settings. */
    public static class Postgres {

        /**
         * Database schema holding the event tables; created if missing when the schema is
         * initialized.
         */
        private String schema = "public";

        /**
         * Prefix of every EventCore table name, for example "eventcore_" gives "eventcore_events".
         */
        private String tablePrefix = "eventcore_";

        /**
         * When to create the event tables: always (idempotent, the default), embedded or never.
         */
        private InitializeSchema initializeSchema = InitializeSchema.ALWAYS;

        /**
         * Number of rows fetched per round trip when reading events.
         */
        private int fetchSize = 1000;

        /**
         * Whether transactions take positions from their transaction id rather than from the
         * position counter, so that commits run in parallel. Positions then have large gaps, an
         * append carries at most 1,048,575 events, and a long transaction that has written
         * anything in the PostgreSQL cluster delays what readers see until it ends. Every instance
         * on the same tables must use the same setting.
         */
        private boolean parallelCommits = false;

        private final GroupCommit groupCommit = new GroupCommit();

        public String getSchema() {
            return schema;
        }

        public void setSchema(String schema) {
            this.schema = schema;
        }

        public String getTablePrefix() {
            return tablePrefix;
        }

        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }

        public InitializeSchema getInitializeSchema() {
            return initializeSchema;
        }

        public void setInitializeSchema(InitializeSchema initializeSchema) {
            this.initializeSchema = initializeSchema;
        }

        public int getFetchSize() {
            return fetchSize;
        }

        public void setFetchSize(int fetchSize) {
            this.fetchSize = fetchSize;
        }

        public boolean isParallelCommits() {
            return parallelCommits;
        }

        public void setParallelCommits(boolean parallelCommits) {
            this.parallelCommits = parallelCommits;
        }

        public GroupCommit getGroupCommit() {
            return groupCommit;
        }
    }

    /** Group commit: concurrent appends written in one transaction. */
    public static class GroupCommit {

        /**
         * Whether concurrent appends are batched into one transaction and one commit.
         */
        private boolean enabled = true;

        /**
         * Maximum number of appends written in one transaction.
         */
        private int maxBatchSize = 256;

        /**
         * Number of writer threads, each with one batch in flight; 1 by default, 2 with parallel
         * commits. With the position counter batches commit one after another anyway, so more
         * writers mostly make batches smaller.
         */
        private @Nullable Integer writerThreads;

        /**
         * How long a writer may wait for more appends when fewer are queued than its previous
         * batch carried, so that commits come fuller under load; 0 sends what is queued at once.
         * A writer whose previous batch carried at most one append, or whose batch already
         * carries 64 events, never waits.
         */
        private Duration maxBatchDelay = Duration.ofNanos(100_000);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getMaxBatchSize() {
            return maxBatchSize;
        }

        public void setMaxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
        }

        public @Nullable Integer getWriterThreads() {
            return writerThreads;
        }

        public void setWriterThreads(@Nullable Integer writerThreads) {
            this.writerThreads = writerThreads;
        }

        public Duration getMaxBatchDelay() {
            return maxBatchDelay;
        }

        public void setMaxBatchDelay(Duration maxBatchDelay) {
            this.maxBatchDelay = maxBatchDelay;
        }
    }

    /** How version conflicts are retried. */
    public static class Retry {

        /**
         * Total attempts per command, the first included; 1 disables retries.
         */
        private int maxAttempts = 5;

        /**
         * Delay before the first retry; doubled for every further one.
         */
        private Duration baseDelay = Duration.ofMillis(10);

        /**
         * Upper bound of any delay between attempts.
         */
        private Duration maxDelay = Duration.ofSeconds(1);

        /**
         * Relative randomization of each delay, from 0 (none) to 1, so that competing commands
         * spread out.
         */
        private double jitter = 0.2;

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getBaseDelay() {
            return baseDelay;
        }

        public void setBaseDelay(Duration baseDelay) {
            this.baseDelay = baseDelay;
        }

        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }

        public double getJitter() {
            return jitter;
        }

        public void setJitter(double jitter) {
            this.jitter = jitter;
        }

        RetryPolicy toPolicy() {
            return new RetryPolicy(maxAttempts, baseDelay, maxDelay, jitter);
        }
    }

    /** The executor's cache of stream versions and decoded events. */
    public static class Cache {

        /**
         * Whether commands on recently used streams skip reading them; the store's version check
         * keeps this safe.
         */
        private boolean enabled = true;

        /**
         * Bound on the number of cached events, each cached stream counting one more; a stream
         * that only state-keyed commands read keeps no events and counts one.
         */
        private long maxEvents = 500_000;

        /**
         * How long a stream stays cached after it was last written.
         */
        private Duration ttl = Duration.ofMinutes(10);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public long getMaxEvents() {
            return maxEvents;
        }

        public void setMaxEvents(long maxEvents) {
            this.maxEvents = maxEvents;
        }

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        StreamCache toCache() {
            return enabled ? StreamCache.create(maxEvents, ttl) : StreamCache.disabled();
        }
    }
}
