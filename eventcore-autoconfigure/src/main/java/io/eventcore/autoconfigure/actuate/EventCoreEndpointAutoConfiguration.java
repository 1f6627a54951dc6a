package io.eventcore.autoconfigure.actuate;

import io.eventcore.CommandExecutor;
import io.eventcore.autoconfigure.CommandExecutorAutoConfiguration;
import io.eventcore.autoconfigure.EventCoreProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link EventCoreEndpoint}, when the Actuator is on the classpath and the
 * endpoint is available (enabled and exposed, for example with {@code
 * management.endpoints.web.exposure.include=eventcore}). Also registers the command listener that
 * keeps the endpoint's live statistics, so nothing is measured when the endpoint is off.
 */
@AutoConfiguration(after = CommandExecutorAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnAvailableEndpoint(EventCoreEndpoint.class)
@ConditionalOnBean(CommandExecutor.class)
@EnableConfigurationProperties(EventCoreProperties.class)
public final class EventCoreEndpointAutoConfiguration {

    EventCoreEndpointAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    CommandStatistics eventCoreCommandStatistics() {
        return new CommandStatistics();
    }

    @Bean
    @ConditionalOnMissingBean
    EventCoreEndpoint eventCoreEndpoint(CommandExecutor commandExecutor, EventCoreProperties properties,
            CommandStatistics statistics, ObjectProvider<ProjectionEndpointContributor> projections) {
        return new EventCoreEndpoint(commandExecutor, properties, statistics, projections);
    }
}
