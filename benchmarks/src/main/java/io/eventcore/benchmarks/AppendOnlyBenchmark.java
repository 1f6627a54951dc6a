package io.eventcore.benchmarks;

import io.eventcore.StreamId;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.AppendResult;
import io.eventcore.store.EventMetadata;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.store.PendingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

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
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(4)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 8)
public class AppendOnlyBenchmark {

    static final int BATCH_SIZE = 100;

    private @Nullable EventCoreFixture fixture;
    private final AtomicLong nextStream = new AtomicLong();
    private final String runPrefix = "import-" + UUID.randomUUID() + "-";

    @Setup(Level.Trial)
    public void setUp() {
        fixture = EventCoreFixture.fresh("bench_append_only");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Benchmark
    public AppendResult appendOnly(Outcomes outcomes) {
        StreamId stream = StreamId.of(runPrefix + nextStream.incrementAndGet());
        List<PendingEvent> batch = new ArrayList<>(BATCH_SIZE);
        for (int i = 0; i < BATCH_SIZE; i++) {
            batch.add(new PendingEvent(Ids.next(), stream, "deposited", new AccountEvent.Deposited(1 + i),
                    EventMetadata.EMPTY));
        }
        AppendResult result = Objects.requireNonNull(fixture).store
                .append(AppendRequest.of(stream, ExpectedVersion.noStream(), batch));
        outcomes.wrote(result.events().size(), 1);
        return result;
    }
}
