package io.eventcore.autoconfigure.metrics;

import io.eventcore.projection.Projection;
import io.eventcore.projection.ProjectionManager;
import io.eventcore.projection.ProjectionStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Registers lag and leadership gauges for the projections of every {@link ProjectionManager} bean
 * once every singleton exists, polling {@link ProjectionManager#status}; projections registered
 * after startup get their counters from the listener but no gauges.
 */
final class ProjectionMetricsBinder implements SmartInitializingSingleton {

    private final ObjectProvider<ProjectionManager> managers;
    private final MicrometerProjectionListener listener;
    private final MeterRegistry registry;

    ProjectionMetricsBinder(ObjectProvider<ProjectionManager> managers, MicrometerProjectionListener listener,
            MeterRegistry registry) {
        this.managers = managers;
        this.listener = listener;
        this.registry = registry;
    }

    @Override
    public void afterSingletonsInstantiated() {
        managers.orderedStream().forEach(manager -> {
            for (Projection projection : manager.projections()) {
                bind(manager, projection.name());
            }
        });
    }

    private void bind(ProjectionManager manager, String name) {
        listener.bind(name);
        Gauge.builder(EventCoreMetrics.PROJECTION_LAG, manager, status(name, ProjectionStatus::lagEvents))
                .description("Positions between a projection and the head of the event log")
                .baseUnit("events")
                .tag(EventCoreMetrics.PROJECTION_TAG, name)
                .register(registry);
        TimeGauge.builder(EventCoreMetrics.PROJECTION_LAG_TIME, manager, TimeUnit.MILLISECONDS,
                        status(name, status -> status.lagTime().toMillis()))
                .description("Age of the oldest event a projection has not handled yet; 0 when caught up")
                .tag(EventCoreMetrics.PROJECTION_TAG, name)
                .register(registry);
        Gauge.builder(EventCoreMetrics.PROJECTION_LEADER, manager, status(name, status -> status.leader() ? 1 : 0))
                .description("1 while this instance runs the projection, 0 while it stands by")
                .tag(EventCoreMetrics.PROJECTION_TAG, name)
                .register(registry);
    }

    private static ToDoubleFunction<ProjectionManager> status(String name, ToDoubleFunction<ProjectionStatus> value) {
        return manager -> {
            Optional<ProjectionStatus> status = manager.status(name);
            return status.isPresent() ? value.applyAsDouble(status.get()) : Double.NaN;
        };
    }
}
