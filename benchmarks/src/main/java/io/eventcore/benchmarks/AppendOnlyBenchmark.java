package io.eventcore.benchmarks;

import io.eventcore.StreamId;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.AppendResult;
import io.eventcore.store.EventMetadata;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.store.PendingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@code appendOnly}: 4 threads import batches of 100 events, each batch one {@link
 * io.eventcore.store.EventStore#append} call (the bulk path) that creates a new stream with its
 * whole history, as an import or a migration does. Events are serialized by the store; the batch
 * is built before the call. Schema {@code bench_append_only}, dropped after the run.
 *
 * <p>Measures the latency of one batch (p50, p99), batches per second, and events per second (the
 * {@code events} counter, 100 per batch). Run alone with:
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar 'AppendOnlyBenchmark' -rf json -rff benchmarks/target/jmh-result.json</pre>
 */
@Threads(4)
public class AppendOnlyBenchmark extends EventCoreWorkload {

    static final int BATCH_SIZE = 100;

    private final AtomicLong nextStream = new AtomicLong();
    private final String runPrefix = "import-" + UUID.randomUUID() + "-";

    @Override
    EventCoreFixture open() {
        return EventCoreFixture.fresh("bench_append_only");
    }

    @Benchmark
    public AppendResult appendOnly(Outcomes outcomes) {
        StreamId stream = StreamId.of(runPrefix + nextStream.incrementAndGet());
        List<PendingEvent> batch = new ArrayList<>(BATCH_SIZE);
        for (int i = 0; i < BATCH_SIZE; i++) {
            batch.add(new PendingEvent(Ids.next(), stream, "deposited", new AccountEvent.Deposited(1 + i),
                    EventMetadata.EMPTY));
        }
        AppendResult result = store().append(AppendRequest.of(stream, ExpectedVersion.noStream(), batch));
        outcomes.wrote(result.events().size(), 1);
        return result;
    }
}
