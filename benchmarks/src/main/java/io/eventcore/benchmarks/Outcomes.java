package io.eventcore.benchmarks;

import io.eventcore.ExecutionResult;
import io.eventcore.RetriesExhaustedException;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Per-thread counters JMH reports next to the latency of each benchmark, summed over threads and
 * iterations. {@code ResultsTable} divides them by {@code operations} to get conflicts and retries
 * per operation, and by the measured time to get operations and events per second.
 *
 * <p>A conflict is a version check that failed; a retry is a new attempt after one; a failure is an
 * operation that gave up after its last attempt. Only public fields are counters.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class Outcomes {

    /** Operations completed, successful or not. */
    public long operations;

    /** Events written; for read-only workloads, events read. */
    public long events;

    /** Version conflicts met. */
    public long conflicts;

    /** Attempts repeated after a conflict. */
    public long retries;

    /** Operations that gave up. */
    public long failures;

    void succeeded(ExecutionResult result) {
        operations++;
        events += result.events().size();
        retries += result.attempts() - 1;
        conflicts += result.attempts() - 1;
    }

    void read(int eventCount) {
        operations++;
        events += eventCount;
    }

    void exhausted(RetriesExhaustedException failure) {
        operations++;
        failures++;
        retries += failure.attempts() - 1;
        conflicts += failure.attempts();
    }

    void wrote(int eventCount, int attempts) {
        operations++;
        events += eventCount;
        retries += attempts - 1;
        conflicts += attempts - 1;
    }

    void gaveUp(int attempts) {
        operations++;
        failures++;
        retries += attempts - 1;
        conflicts += attempts;
    }
}
