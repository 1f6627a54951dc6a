package io.eventcore.autoconfigure.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import io.eventcore.CommandExecutor;
import io.eventcore.StreamId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Binds the executor's stream cache to Micrometer's Caffeine binder once every singleton exists,
 * so it sees the executor whether the application or the auto-configuration defined it.
 */
final class StreamCacheMetricsBinder implements SmartInitializingSingleton {

    private final ObjectProvider<CommandExecutor> executor;
    private final MeterRegistry registry;

    StreamCacheMetricsBinder(ObjectProvider<CommandExecutor> executor, MeterRegistry registry) {
        this.executor = executor;
        this.registry = registry;
    }

    @Override
    public void afterSingletonsInstantiated() {
        executor.ifUnique(commandExecutor -> {
            Cache<StreamId, ?> cache = commandExecutor.cache().nativeCache();
            if (cache != null) {
                CaffeineCacheMetrics.monitor(registry, cache, EventCoreMetrics.STREAM_CACHE);
            }
        });
    }
}
