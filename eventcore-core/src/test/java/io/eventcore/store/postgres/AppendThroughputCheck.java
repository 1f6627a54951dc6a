package io.eventcore.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.eventcore.StreamId;
import io.eventcore.serialization.JacksonEventSerializer;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.EventMetadata;
import io.eventcore.store.EventStoreListener;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.store.PendingEvent;
import io.eventcore.testing.TestDatabase;
import io.eventcore.testing.TestEvents;
import io.eventcore.testing.TestEvents.Deposited;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * A by-hand throughput check, not a test: 16 threads append one event each to their own streams
 * (no conflicts), with group commit on and off, and with two stores on the same tables (as two
 * application instances would be, each with its own pool and writer and half of the threads).
 * Run with {@code java -cp <test classpath> io.eventcore.store.postgres.AppendThroughputCheck
 * [seconds] [modes]}, modes among {@code group1,group2,group4,single,twoStores}.
 */
final class AppendThroughputCheck {

    private static final int THREADS = 16;
    private static final int STREAMS_PER_THREAD = 625; // 10,000 streams in all

    private AppendThroughputCheck() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String modes = args.length > 1 ? args[1] : "group1,group2,group4,single";
        TestDatabase db = TestDatabase.get();
        for (String mode : modes.split(",")) {
            run(db, mode, seconds);
        }
        System.exit(0);
    }

    private static PostgresEventStore build(DataSource dataSource, String schema, String mode,
            EventStoreListener listener) {
        PostgresEventStore.Builder builder = PostgresEventStore
                .builder(dataSource, new JacksonEventSerializer(TestEvents.registry()))
                .schema(schema)
                .listener(listener);
        if (mode.startsWith("group")) {
            builder.writerThreads(Integer.parseInt(mode.substring(5)));
        } else if (mode.equals("single")) {
            builder.groupCommit(false);
        }
        return builder.build();
    }

    private static void run(TestDatabase db, String mode, int seconds) throws Exception {
        String schema = db.createSchema(AppendThroughputCheck.class);
        LongAdder batches = new LongAdder();
        LongAdder batchedAppends = new LongAdder();
        int stores = mode.equals("twoStores") ? 2 : 1;
        EventStoreListener listener = new EventStoreListener() {
            @Override
            public void batchCommitted(int appends) {
                batches.increment();
                batchedAppends.add(appends);
            }
        };
        try (HikariDataSource dataSource = db.newDataSource(THREADS / stores + 2);
                HikariDataSource second = db.newDataSource(THREADS / stores + 2);
                PostgresEventStore first = build(dataSource, schema, mode, listener);
                PostgresEventStore other = build(second, schema, mode, listener)) {
            first.initializeSchema();
            PostgresEventStore[] byStore = stores == 1 ? new PostgresEventStore[] {first}
                    : new PostgresEventStore[] {first, other};
            AtomicLong done = new AtomicLong();
            long[] latencies = new long[THREADS];
            CountDownLatch finished = new CountDownLatch(THREADS);
            long warmupEnd = System.nanoTime() + 2_000_000_000L;
            long end = warmupEnd + seconds * 1_000_000_000L;
            long[] counted = new long[THREADS];
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                PostgresEventStore store = byStore[t % byStore.length];
                Thread worker = new Thread(() -> {
                    long[] versions = new long[STREAMS_PER_THREAD];
                    StreamId[] ids = new StreamId[STREAMS_PER_THREAD];
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = StreamId.of("account-" + thread + "-" + i);
                    }
                    int i = 0;
                    long now;
                    while ((now = System.nanoTime()) < end) {
                        int s = i++ % STREAMS_PER_THREAD;
                        PendingEvent event = new PendingEvent(UUID.randomUUID(), ids[s], "test-deposited",
                                new Deposited(10), EventMetadata.EMPTY);
                        store.append(AppendRequest.of(ids[s], ExpectedVersion.exact(versions[s]), List.of(event)));
                        versions[s]++;
                        if (now > warmupEnd) {
                            counted[thread]++;
                            latencies[thread] += System.nanoTime() - now;
                        }
                    }
                    finished.countDown();
                });
                worker.start();
            }
            finished.await();
            long total = 0;
            long latency = 0;
            for (int t = 0; t < THREADS; t++) {
                total += counted[t];
                latency += latencies[t];
            }
            System.out.printf("%-8s %8.0f appends/s  mean latency %.2f ms  mean batch %.1f%n", mode,
                    total / (double) seconds, latency / 1e6 / total,
                    batches.sum() == 0 ? 0 : batchedAppends.sum() / (double) batches.sum());
        } finally {
            db.dropSchema(schema);
        }
    }
}
