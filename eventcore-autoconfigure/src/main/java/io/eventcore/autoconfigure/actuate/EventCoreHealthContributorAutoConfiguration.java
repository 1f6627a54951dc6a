package io.eventcore.autoconfigure.actuate;

import io.eventcore.autoconfigure.EventCoreStoreAutoConfiguration;
import io.eventcore.store.EventStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code eventcore} health indicator (database reachable, tables
 * present), unless {@code management.health.eventcore.enabled=false}.
 */
@AutoConfiguration(after = EventCoreStoreAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(EventStore.class)
@ConditionalOnEnabledHealthIndicator("eventcore")
public final class EventCoreHealthContributorAutoConfiguration {

    EventCoreHealthContributorAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(name = "eventcoreHealthIndicator")
    HealthIndicator eventcoreHealthIndicator(EventStore eventStore) {
        return new EventCoreHealthIndicator(eventStore);
    }
}
