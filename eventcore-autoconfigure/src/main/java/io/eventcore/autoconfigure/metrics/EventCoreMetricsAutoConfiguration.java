package io.eventcore.autoconfigure.metrics;

import io.eventcore.CommandExecutor;
import io.eventcore.projection.ProjectionManager;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of EventCore's Micrometer meters (see {@link EventCoreMetrics}): a command
 * listener, a store listener, the stream cache binding, and a projection listener with lag gauges
 * for the projections of every {@link ProjectionManager} bean. Applies when Micrometer is on the
 * classpath and the context has a {@link MeterRegistry}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, CommandExecutor.class})
@ConditionalOnBean(MeterRegistry.class)
public final class EventCoreMetricsAutoConfiguration {

    EventCoreMetricsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    MicrometerCommandListener eventCoreCommandMetrics(MeterRegistry meterRegistry) {
        return new MicrometerCommandListener(meterRegistry);
    }

    @Bean
    @ConditionalOnMissingBean
    MicrometerEventStoreListener eventCoreStoreMetrics(MeterRegistry meterRegistry) {
        return new MicrometerEventStoreListener(meterRegistry);
    }

    @Bean
    StreamCacheMetricsBinder eventCoreStreamCacheMetrics(ObjectProvider<CommandExecutor> commandExecutor,
            MeterRegistry meterRegistry) {
        return new StreamCacheMetricsBinder(commandExecutor, meterRegistry);
    }

    @Bean
    @ConditionalOnMissingBean
    MicrometerProjectionListener eventCoreProjectionMetrics(MeterRegistry meterRegistry) {
        return new MicrometerProjectionListener(meterRegistry);
    }

    @Bean
    ProjectionMetricsBinder eventCoreProjectionGauges(ObjectProvider<ProjectionManager> projectionManagers,
            MicrometerProjectionListener eventCoreProjectionMetrics, MeterRegistry meterRegistry) {
        return new ProjectionMetricsBinder(projectionManagers, eventCoreProjectionMetrics, meterRegistry);
    }
}
