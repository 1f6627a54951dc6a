package io.eventcore.autoconfigure.metrics;

import io.eventcore.projection.ProjectionListener;
import io.eventcore.projection.SkippedEvent;
import io.eventcore.store.EventEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** Records projections' handled, failed and skipped events as {@link EventCoreMetrics} meters, per projection. */
final class MicrometerProjectionListener implements ProjectionListener {

    private final MeterRegistry registry;
    private final Map<String, Meters> meters = new ConcurrentHashMap<>();

    MicrometerProjectionListener(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Creates a projection's meters now, so they read 0 before its first event. */
    void bind(String projection) {
        meters(projection);
    }

    private Meters meters(String projection) {
        return meters.computeIfAbsent(projection, name -> new Meters(
                Counter.builder(EventCoreMetrics.PROJECTION_EVENTS)
                        .description("Events a projection handled; for transactional ones, committed")
                        .baseUnit("events")
                        .tag(EventCoreMetrics.PROJECTION_TAG, name)
                        .register(registry),
                Timer.builder(EventCoreMetrics.PROJECTION_HANDLER)
                        .description("Time a projection's handler spent on each event")
                        .tag(EventCoreMetrics.PROJECTION_TAG, name)
                        .register(registry),
                Counter.builder(EventCoreMetrics.PROJECTION_ERRORS)
                        .description("Failed attempts to handle or decode a projection's events")
                        .tag(EventCoreMetrics.PROJECTION_TAG, name)
                        .register(registry),
                Counter.builder(EventCoreMetrics.PROJECTION_SKIPPED)
                        .description("Events a projection skipped under its failure policy")
                        .baseUnit("events")
                        .tag(EventCoreMetrics.PROJECTION_TAG, name)
                        .register(registry)));
    }

    @Override
    public void eventHandled(String projection, EventEnvelope event, Duration duration) {
        Meters projectionMeters = meters(projection);
        projectionMeters.events().increment();
        projectionMeters.handler().record(duration);
    }

    @Override
    public void eventFailed(String projection, long position, @Nullable String eventType, Throwable error,
            int attempts) {
        meters(projection).errors().increment();
    }

    @Override
    public void eventSkipped(SkippedEvent skipped) {
        meters(skipped.projection()).skipped().increment();
    }

    private record Meters(Counter events, Timer handler, Counter errors, Counter skipped) {
    }
}
