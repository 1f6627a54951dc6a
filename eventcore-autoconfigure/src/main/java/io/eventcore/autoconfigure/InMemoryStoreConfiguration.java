package io.eventcore.autoconfigure;

import io.eventcore.autoconfigure.EventCoreProperties.StoreType;
import io.eventcore.store.EventStore;
import io.eventcore.store.EventStoreListener;
import io.eventcore.store.memory.InMemoryEventStore;
import java.time.Clock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The in-memory store, when no other store was configured. */
@Configuration(proxyBeanMethods = false)
final class InMemoryStoreConfiguration {

    private static final Log logger = LogFactory.getLog(InMemoryStoreConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(EventStore.class)
    InMemoryEventStore eventStore(EventCoreProperties properties, ObjectProvider<EventStoreListener> listeners) {
        StoreType type = properties.getStore().getType();
        if (type == StoreType.POSTGRES) {
            throw new IllegalStateException("eventcore.store.type is postgres, but spring-boot-jdbc is not on the"
                    + " classpath: add spring-boot-starter-jdbc (the EventCore starter brings it)");
        }
        if (type == StoreType.AUTO) {
            logger.warn("EventCore found no single DataSource and keeps events IN MEMORY: they are lost when the"
                    + " application stops. Set spring.datasource.url to a PostgreSQL database, or set"
                    + " eventcore.store.type=memory to make this choice explicit.");
        }
        return new InMemoryEventStore(Clock.systemUTC(), CompositeEventStoreListener.of(listeners.orderedStream().toList()));
    }
}
