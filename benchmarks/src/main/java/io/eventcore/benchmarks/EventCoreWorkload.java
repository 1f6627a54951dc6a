package io.eventcore.benchmarks;

import io.eventcore.CommandExecutor;
import io.eventcore.store.postgres.PostgresEventStore;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
 * What the EventCore workloads share: the JMH settings of the suite (16 threads unless a subclass
 * says otherwise, sampled latency, one fork, the iterations of {@link RunSettings}) and a store
 * with its executor, opened for the trial and closed after it. A subclass says which store it runs
 * on and holds the benchmark method; the Axon counterparts use the same settings through
 * {@link AxonWorkload}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(16)
@Fork(value = 1, jvmArgsAppend = {RunSettings.HEAP_MIN, RunSettings.HEAP_MAX, RunSettings.PRE_TOUCH})
@Warmup(iterations = RunSettings.WARMUP_ITERATIONS, time = RunSettings.WARMUP_SECONDS)
@Measurement(iterations = RunSettings.MEASURED_ITERATIONS, time = RunSettings.MEASURED_SECONDS)
public abstract class EventCoreWorkload {

    private @Nullable EventCoreFixture fixture;
    private @Nullable CommandExecutor executor;

    /** @return the store of this trial, with whatever data the workload needs already in it */
    abstract EventCoreFixture open();

    /** Opens the store and builds the executor. */
    @Setup(Level.Trial)
    public void setUp() {
        EventCoreFixture opened = open();
        fixture = opened;
        executor = opened.executor();
    }

    /** Closes the store (dropping its schema unless the workload keeps it). */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    final CommandExecutor executor() {
        return Objects.requireNonNull(executor, "the trial has not been set up");
    }

    /** The trial's store, for workloads that append without commands. */
    final PostgresEventStore store() {
        return Objects.requireNonNull(fixture, "the trial has not been set up").store;
    }
}
