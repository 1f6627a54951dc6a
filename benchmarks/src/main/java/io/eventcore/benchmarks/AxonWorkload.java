package io.eventcore.benchmarks;

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
 * What the Axon Framework workloads share: the same JMH settings as {@link EventCoreWorkload} and
 * an {@link AxonFixture} in a schema of its own, opened for the trial and dropped after it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(16)
@Fork(value = 1, jvmArgsAppend = {RunSettings.HEAP_MIN, RunSettings.HEAP_MAX, RunSettings.PRE_TOUCH,
        "-Daxoniq.update-checker.disabled=true"})
@Warmup(iterations = RunSettings.WARMUP_ITERATIONS, time = RunSettings.WARMUP_SECONDS)
@Measurement(iterations = RunSettings.MEASURED_ITERATIONS, time = RunSettings.MEASURED_SECONDS)
public abstract class AxonWorkload {

    private @Nullable AxonFixture fixture;

    /** @return the schema of this workload's Axon tables */
    abstract String schema();

    /**
     * Puts what the workload needs into a freshly opened fixture; nothing by default.
     *
     * @param axon the fixture
     * @throws Exception if seeding fails
     */
    void seed(AxonFixture axon) throws Exception {
        // most workloads start from empty aggregates
    }

    /**
     * Opens Axon on its schema and seeds it.
     *
     * @throws Exception if seeding fails
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        AxonFixture axon = new AxonFixture(schema());
        fixture = axon;
        seed(axon);
    }

    /** Closes Axon and drops its schema. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    final AxonFixture axon() {
        return Objects.requireNonNull(fixture, "the trial has not been set up");
    }
}
