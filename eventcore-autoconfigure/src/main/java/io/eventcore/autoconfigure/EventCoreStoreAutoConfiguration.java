package io.eventcore.autoconfigure;

import io.eventcore.serialization.EventSerializer;
import io.eventcore.serialization.EventTypeRegistry;
import io.eventcore.serialization.JacksonEventSerializer;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of the {@link io.eventcore.store.EventStore}, the {@link EventTypeRegistry}
 * and the {@link EventSerializer}.
 *
 * <p>The store is PostgreSQL or in-memory as {@code eventcore.store.type} says (see {@link
 * EventCoreProperties.StoreType}); it backs off when the application defines its own {@code
 * EventStore}. The registry holds every {@link io.eventcore.EventType @EventType} class below the
 * application's auto-configuration packages (those of its {@code @SpringBootApplication}), then
 * whatever {@link EventTypeRegistryCustomizer} beans add; readers need every type registered before
 * they decode a single event. Runs after DataSource, Flyway, Liquibase and Jackson
 * auto-configuration, so migrations come before the store's own schema initialization and the
 * serializer uses Boot's {@link JsonMapper}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"})
@EnableConfigurationProperties(EventCoreProperties.class)
@Import({PostgresStoreConfiguration.class, InMemoryStoreConfiguration.class})
public final class EventCoreStoreAutoConfiguration {

    EventCoreStoreAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    EventTypeRegistry eventTypeRegistry(BeanFactory beanFactory, Environment environment,
            ResourceLoader resourceLoader, ObjectProvider<EventTypeRegistryCustomizer> customizers) {
        EventTypeRegistry registry = new EventTypeRegistry();
        List<String> packages = AutoConfigurationPackages.has(beanFactory)
                ? AutoConfigurationPackages.get(beanFactory) : List.of();
        for (Class<?> type : new EventTypeScanner(environment, resourceLoader).scan(packages)) {
            registry.register(type);
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(registry));
        return registry;
    }

    @Bean
    @ConditionalOnMissingBean(EventSerializer.class)
    JacksonEventSerializer eventSerializer(ObjectProvider<JsonMapper> jsonMapper, EventTypeRegistry eventTypeRegistry) {
        JsonMapper mapper = jsonMapper.getIfUnique(() -> JsonMapper.builder().build());
        return new JacksonEventSerializer(mapper, eventTypeRegistry);
    }
}
