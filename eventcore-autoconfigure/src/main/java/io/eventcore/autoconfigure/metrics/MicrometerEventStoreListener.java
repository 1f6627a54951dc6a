package io.eventcore.autoconfigure.metrics;

import io.eventcore.store.EventStoreListener;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** Records store appends, reads and group-commit batches as {@link EventCoreMetrics} meters. */
final class MicrometerEventStoreListener implements EventStoreListener {

    private final Timer appendSuccess;
    private final Timer appendError;
    private final Timer read;
    private final DistributionSummary batchSize;

    MicrometerEventStoreListener(MeterRegistry registry) {
        appendSuccess = appendTimer(registry, EventCoreMetrics.SUCCESS);
        appendError = appendTimer(registry, EventCoreMetrics.ERROR);
        read = Timer.builder(EventCoreMetrics.STORE_READ)
                .description("Event store reads of streams and of the global log")
                .register(registry);
        batchSize = DistributionSummary.builder(EventCoreMetrics.STORE_BATCH_SIZE)
                .description("Appends committed together in one group-commit transaction")
                .baseUnit("appends")
                .register(registry);
    }

    private static Timer appendTimer(MeterRegistry registry, String outcome) {
        return Timer.builder(EventCoreMetrics.STORE_APPEND)
                .description("Event store appends, queueing for group commit included")
                .tag(EventCoreMetrics.OUTCOME_TAG, outcome)
                .register(registry);
    }

    @Override
    public void appended(Duration duration, int events, boolean success) {
        (success ? appendSuccess : appendError).record(duration);
    }

    @Override
    public void read(Duration duration, int events) {
        read.record(duration);
    }

    @Override
    public void batchCommitted(int appends) {
        batchSize.record(appends);
    }
}
