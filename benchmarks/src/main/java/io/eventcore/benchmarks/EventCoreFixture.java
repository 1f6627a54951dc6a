package io.eventcore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.eventcore.CommandExecutor;
import io.eventcore.StreamCache;
import io.eventcore.serialization.EventTypeRegistry;
import io.eventcore.serialization.JacksonEventSerializer;
import io.eventcore.store.postgres.PostgresEventStore;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * A PostgreSQL event store in a schema of its own, with its pool and an executor in the default
 * configuration: what an application gets out of the box.
 */
final class EventCoreFixture implements AutoCloseable {

    final String schema;
    final HikariDataSource dataSource;
    final EventTypeRegistry types = new EventTypeRegistry().register(AccountEvent.class);
    final PostgresEventStore store;
    private final StoreStatistics statistics = new StoreStatistics();
    private final boolean dropOnClose;

    private EventCoreFixture(String schema, boolean fresh, boolean dropOnClose) {
        this.schema = schema;
        this.dropOnClose = dropOnClose;
        this.dataSource = BenchmarkDatabase.pool("eventcore-" + schema);
        if (fresh) {
            BenchmarkDatabase.dropSchema(dataSource, schema);
        }
        PostgresEventStore.Builder builder = PostgresEventStore.builder(dataSource, new JacksonEventSerializer(types))
                .schema(schema)
                .tablePrefix(BenchmarkDatabase.TABLE_PREFIX)
                .groupCommit(true)
                .parallelCommits(Boolean.getBoolean("eventcore.bench.parallel-commits"))
                .listener(statistics);
        // the store's defaults unless a run asks for other values, to compare
        Integer writerThreads = Integer.getInteger("eventcore.bench.writer-threads");
        if (writerThreads != null) {
            builder.writerThreads(writerThreads);
        }
        Long maxBatchDelayMicros = Long.getLong("eventcore.bench.max-batch-delay-micros");
        if (maxBatchDelayMicros != null) {
            builder.maxBatchDelay(Duration.of(maxBatchDelayMicros, ChronoUnit.MICROS));
        }
        this.store = builder.build();
        store.initializeSchema();
    }

    /** A store in an emptied schema that is dropped again on {@link #close()}. */
    static EventCoreFixture fresh(String schema) {
        return new EventCoreFixture(schema, true, true);
    }

    /** A store on a schema that is kept, with whatever it already holds. */
    static EventCoreFixture kept(String schema) {
        return new EventCoreFixture(schema, false, false);
    }

    CommandExecutor executor() {
        return CommandExecutor.builder(store, types).build();
    }

    CommandExecutor executor(StreamCache cache) {
        return CommandExecutor.builder(store, types).cache(cache).build();
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            try {
                statistics.print(schema);
                BenchmarkDatabase.reportStored(dataSource, schema + "." + BenchmarkDatabase.TABLE_PREFIX + "events");
                if (dropOnClose) {
                    BenchmarkDatabase.dropSchema(dataSource, schema);
                }
            } finally {
                dataSource.close();
            }
        }
    }
}
