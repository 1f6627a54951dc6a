package io.eventcore.benchmarks;

/**
 * The JMH iterations shared by the workloads whose throughputs are compared with each other:
 * EventCore's ({@link EventCoreWorkload}), Axon's ({@link AxonWorkload}) and the baselines
 * ({@link BaselineBenchmark}). {@code run.sh paired} passes the same warm-up on its command line.
 * Also the heap options of every benchmark's fork.
 *
 * <p>The warm-up outlasts the JIT compiler: on two cores its C2 threads keep a third of one core
 * busy until about 15 s into a run, CPU time that the measurement would otherwise lose to it.
 *
 * <p>Every fork runs on a fixed 2 GB heap ({@link #HEAP_MIN}, {@link #HEAP_MAX}) that the JVM
 * touches in full before the first iteration ({@link #PRE_TOUCH}). Without it, G1 was still
 * touching pages of its young generation for the first time about 30 s into a run (350,000 page
 * faults, 1.4 GB), and on a VM a first touch is dear: page faults took 19 % of the client threads'
 * CPU in a profile of {@code singleStream}'s measured window. That cost belongs to the JVM's start,
 * not to a workload.
 */
final class RunSettings {

    static final int WARMUP_ITERATIONS = 4;
    static final int WARMUP_SECONDS = 5;
    static final int MEASURED_ITERATIONS = 3;
    static final int MEASURED_SECONDS = 8;

    static final String HEAP_MIN = "-Xms2g";
    static final String HEAP_MAX = "-Xmx2g";
    static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";

    private RunSettings() {
    }
}
