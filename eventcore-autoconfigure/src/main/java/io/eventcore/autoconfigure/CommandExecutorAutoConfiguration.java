package io.eventcore.autoconfigure;

import io.eventcore.CommandExecutor;
import io.eventcore.CommandListener;
import io.eventcore.serialization.EventTypeRegistry;
import io.eventcore.store.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link CommandExecutor}: retry policy, stream cache, stream limit and
 * same-stream queueing from {@code eventcore.*}, then {@link CommandExecutorCustomizer} beans. All
 * {@link CommandListener} beans observe it, in bean order. Backs off when the application defines
 * its own executor.
 */
@AutoConfiguration(after = EventCoreStoreAutoConfiguration.class)
@ConditionalOnBean({EventStore.class, EventTypeRegistry.class})
@EnableConfigurationProperties(EventCoreProperties.class)
public final class CommandExecutorAutoConfiguration {

    CommandExecutorAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    CommandExecutor commandExecutor(EventStore eventStore, EventTypeRegistry eventTypeRegistry,
            EventCoreProperties properties, ObjectProvider<CommandListener> listeners,
            ObjectProvider<CommandExecutorCustomizer> customizers) {
        CommandExecutor.Builder builder = CommandExecutor.builder(eventStore, eventTypeRegistry)
                .retryPolicy(properties.getRetry().toPolicy())
                .cache(properties.getCache().toCache())
                .maxStreamsPerCommand(properties.getMaxStreamsPerCommand())
                .queueSameStreamCommands(properties.isQueueSameStreamCommands())
                .listener(CompositeCommandListener.of(listeners.orderedStream().toList()));
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }
}
