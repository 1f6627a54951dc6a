package io.eventcore.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventcore.CommandExecutor;
import io.eventcore.CommandListener;
import io.eventcore.ExecutionResult;
import io.eventcore.RetryPolicy;
import io.eventcore.StreamCache;
import io.eventcore.StreamId;
import io.eventcore.autoconfigure.scan.Closed;
import io.eventcore.autoconfigure.scan.ScanConfiguration;
import io.eventcore.autoconfigure.scan.ScannedEvents;
import io.eventcore.serialization.EventSerializer;
import io.eventcore.serialization.EventTypeRegistry;
import io.eventcore.serialization.JacksonEventSerializer;
import io.eventcore.store.EventStore;
import io.eventcore.store.memory.InMemoryEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Store selection without a database, back-off, property binding, customizers, the event type
 * scan and the store-type failure analysis.
 */
@ExtendWith(OutputCaptureExtension.class)
class EventCoreAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventCoreStoreAutoConfiguration.class,
                    CommandExecutorAutoConfiguration.class));

    @Test
    void autoWithoutDataSourceUsesInMemoryStoreAndWarns(CapturedOutput output) {
        runner.run(context -> {
            assertThat(context).hasSingleBean(EventStore.class).hasSingleBean(InMemoryEventStore.class)
                    .hasSingleBean(CommandExecutor.class).hasSingleBean(JacksonEventSerializer.class);
            assertThat(output).contains("keeps events IN MEMORY");
        });
    }

    @Test
    void explicitMemoryUsesInMemoryStoreWithoutWarningEvenWithDataSource(CapturedOutput output) {
        // The DataSource points nowhere: choosing memory must never touch it.
        runner.withBean(DataSource.class, () -> new SimpleDriverDataSource())
                .withPropertyValues("eventcore.store.type=memory")
                .run(context -> {
                    assertThat(context).hasSingleBean(InMemoryEventStore.class);
                    assertThat(output).doesNotContain("keeps events IN MEMORY");
                });
    }

    @Test
    void autoWithTwoDataSourcesAndNoPrimaryUsesInMemoryStore() {
        runner.withBean("first", DataSource.class, () -> new SimpleDriverDataSource())
                .withBean("second", DataSource.class, () -> new SimpleDriverDataSource())
                .run(context -> assertThat(context).hasSingleBean(InMemoryEventStore.class));
    }

    @Test
    void autoWithoutSpringJdbcUsesInMemoryStore() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.jdbc"))
                .withBean(DataSource.class, () -> new SimpleDriverDataSource())
                .run(context -> assertThat(context).hasSingleBean(InMemoryEventStore.class));
    }

    @Test
    void explicitPostgresWithoutSpringJdbcFailsNamingTheMissingDependency() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.jdbc"))
                .withPropertyValues("eventcore.store.type=postgres")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("spring-boot-jdbc is not on the classpath"));
    }

    @Test
    void userEventStoreMakesTheAutoConfiguredOneBackOff() {
        runner.withUserConfiguration(UserStoreConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(EventStore.class);
            assertThat(context.getBean(CommandExecutor.class).store()).isSameAs(context.getBean("myStore"));
        });
    }

    @Test
    void userExecutorRegistryAndSerializerMakeTheAutoConfiguredOnesBackOff() {
        runner.withUserConfiguration(UserExecutorConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(CommandExecutor.class).hasSingleBean(EventTypeRegistry.class)
                    .hasSingleBean(EventSerializer.class);
            assertThat(context.getBean(CommandExecutor.class).maxStreamsPerCommand()).isEqualTo(3);
            assertThat(context).getBean(EventSerializer.class).isNotInstanceOf(JacksonEventSerializer.class);
        });
    }

    @Test
    void propertiesConfigureTheExecutor() {
        runner.withPropertyValues("eventcore.retry.max-attempts=9", "eventcore.retry.base-delay=5ms",
                "eventcore.retry.max-delay=2s", "eventcore.retry.jitter=0.5", "eventcore.cache.max-events=1000",
                "eventcore.cache.ttl=30s", "eventcore.max-streams-per-command=7",
                "eventcore.queue-same-stream-commands=false").run(context -> {
                    CommandExecutor executor = context.getBean(CommandExecutor.class);
                    assertThat(executor.retryPolicy())
                            .isEqualTo(new RetryPolicy(9, Duration.ofMillis(5), Duration.ofSeconds(2), 0.5));
                    assertThat(executor.cache().maxEvents()).isEqualTo(1000);
                    assertThat(executor.cache().ttl()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(executor.maxStreamsPerCommand()).isEqualTo(7);
                    assertThat(executor.queuesSameStreamCommands()).isFalse();
                });
    }

    @Test
    void defaultsMatchTheCoreDefaults() {
        runner.run(context -> {
            CommandExecutor executor = context.getBean(CommandExecutor.class);
            assertThat(executor.retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
            assertThat(executor.cache().maxEvents()).isEqualTo(StreamCache.DEFAULT_MAX_EVENTS);
            assertThat(executor.cache().ttl()).isEqualTo(StreamCache.DEFAULT_TTL);
            assertThat(executor.maxStreamsPerCommand()).isEqualTo(CommandExecutor.DEFAULT_MAX_STREAMS_PER_COMMAND);
            assertThat(executor.queuesSameStreamCommands()).isTrue();
        });
    }

    @Test
    void disabledCacheGivesAnExecutorThatCachesNothing() {
        runner.withPropertyValues("eventcore.cache.enabled=false")
                .run(context -> assertThat(context.getBean(CommandExecutor.class).cache().isEnabled()).isFalse());
    }

    @Test
    void invalidRetryPropertiesFailNamingTheRule() {
        runner.withPropertyValues("eventcore.retry.max-attempts=0")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("maxAttempts must be at least 1, was 0"));
    }

    @Test
    void executorCustomizersRunInOrderAfterProperties() {
        runner.withPropertyValues("eventcore.max-streams-per-command=7")
                .withUserConfiguration(CustomizerConfiguration.class)
                .run(context -> assertThat(context.getBean(CommandExecutor.class).maxStreamsPerCommand()).isEqualTo(2));
    }

    @Test
    void everyCommandListenerBeanObservesTheExecutorInOrder() {
        runner.withUserConfiguration(ListenerConfiguration.class).run(context -> {
            context.getBean(CommandExecutor.class).execute(new TestCommands.Deposit(StreamId.of("account-1"), 5));
            assertThat(context.getBean(ListenerConfiguration.class).calls).containsExactly("first", "second");
        });
    }

    @Test
    void eventTypesBelowTheAutoConfigurationPackageAreRegisteredBeforeAnyRead() {
        runner.withUserConfiguration(ScanConfiguration.class).run(context -> {
            EventTypeRegistry registry = context.getBean(EventTypeRegistry.class);
            assertThat(registry.classOf("scan-opened", 0)).isEqualTo(ScannedEvents.Opened.class);
            assertThat(registry.classOf("scan-closed", 0)).isEqualTo(Closed.class);
        });
    }

    @Test
    void registryCustomizersAddTypesTheScanCannotFind() {
        runner.withBean(EventTypeRegistryCustomizer.class,
                () -> registry -> registry.register("legacy-unnamed", ScannedEvents.Unnamed.class))
                .run(context -> assertThat(context.getBean(EventTypeRegistry.class).classOf("legacy-unnamed", 0))
                        .isEqualTo(ScannedEvents.Unnamed.class));
    }

    @Test
    void unknownStoreTypeFailsWithAnAnalysisListingTheAllowedValues() {
        runner.withPropertyValues("eventcore.store.type=mongo").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new StoreTypeFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("'mongo'", "eventcore.store.type");
            assertThat(analysis.getAction()).contains("auto, postgres, memory");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserStoreConfiguration {

        @Bean
        InMemoryEventStore myStore() {
            return new InMemoryEventStore();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserExecutorConfiguration {

        @Bean
        EventTypeRegistry myRegistry() {
            return new EventTypeRegistry();
        }

        @Bean
        EventSerializer mySerializer(EventTypeRegistry registry) {
            JacksonEventSerializer delegate = new JacksonEventSerializer(registry);
            return new EventSerializer() {
                @Override
                public String typeName(Object payload) {
                    return delegate.typeName(payload);
                }

                @Override
                public String serialize(Object payload) {
                    return delegate.serialize(payload);
                }

                @Override
                public Object deserialize(String type, String json, long position) {
                    return delegate.deserialize(type, json, position);
                }
            };
        }

        @Bean
        CommandExecutor myExecutor(EventTypeRegistry registry) {
            return CommandExecutor.builder(new InMemoryEventStore(), registry).maxStreamsPerCommand(3).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomizerConfiguration {

        @Bean
        @Order(2)
        CommandExecutorCustomizer second() {
            return builder -> builder.maxStreamsPerCommand(2);
        }

        @Bean
        @Order(1)
        CommandExecutorCustomizer first() {
            return builder -> builder.maxStreamsPerCommand(1);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerConfiguration {

        final List<String> calls = new ArrayList<>();

        @Bean
        @Order(2)
        CommandListener secondListener() {
            return new CommandListener() {
                @Override
                public void succeeded(String command, ExecutionResult result, int streams, Duration duration) {
                    calls.add("second");
                }
            };
        }

        @Bean
        @Order(1)
        CommandListener firstListener() {
            return new CommandListener() {
                @Override
                public void succeeded(String command, ExecutionResult result, int streams, Duration duration) {
                    calls.add("first");
                }
            };
        }
    }
}
