package io.eventcore.benchmarks;

/**
 * The JMH iterations shared by the workloads whose throughputs are compared with each other:
 * EventCore's ({@link EventCoreWorkload}), Axon's ({@link AxonWorkload}) and the baselines
 * ({@link BaselineBenchmark}). {@code run.sh paired} passes the same warm-up on its command line.
 *
 * <p>The warm-up outlasts the JIT compiler: on two cores its C2 threads keep a third of one core
 * busy until about 15 s into a run, CPU time that the measurement would otherwise lose to it.
 */
final class RunSettings {

    static final int WARMUP_ITERATIONS = 4;
    static final int WARMUP_SECONDS = 5;
    static final int MEASURED_ITERATIONS = 3;
    static final int MEASURED_SECONDS = 8;

    private RunSettings() {
    }
}
