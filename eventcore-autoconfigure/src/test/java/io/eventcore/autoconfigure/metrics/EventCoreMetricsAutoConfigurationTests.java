package io.eventcore.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.eventcore.CommandExecutor;
import io.eventcore.CommandRejectedException;
import io.eventcore.RetriesExhaustedException;
import io.eventcore.StreamId;
import io.eventcore.StreamVersionConflictException;
import io.eventcore.autoconfigure.CommandExecutorAutoConfiguration;
import io.eventcore.autoconfigure.EventCoreStoreAutoConfiguration;
import io.eventcore.autoconfigure.TestCommands.Deposit;
import io.eventcore.autoconfigure.TestCommands.Transfer;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.AppendResult;
import io.eventcore.store.EventStore;
import io.eventcore.store.memory.InMemoryEventStore;
import io.eventcore.testing.ForwardingEventStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class EventCoreMetricsAutoConfigurationTests {

    private static final StreamId ALICE = StreamId.of("account-alice");
    private static final StreamId BOB = StreamId.of("account-bob");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventCoreStoreAutoConfiguration.class,
                    CommandExecutorAutoConfiguration.class, EventCoreMetricsAutoConfiguration.class))
            .withPropertyValues("eventcore.store.type=memory")
            .withBean(SimpleMeterRegistry.class);

    @Test
    void commandAndStoreMetersRecordASuccessfulCommand() {
        runner.run(context -> {
            CommandExecutor executor = context.getBean(CommandExecutor.class);
            executor.execute(new Deposit(ALICE, 10));
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(EventCoreMetrics.COMMANDS).tags("command", "Deposit", "outcome", "success")
                    .timer().count()).isEqualTo(1);
            assertThat(registry.get(EventCoreMetrics.EVENTS_APPENDED).tag("command", "Deposit").counter().count())
                    .isEqualTo(1);
            assertThat(registry.get(EventCoreMetrics.STORE_APPEND).tag("outcome", "success").timer().count())
                    .isEqualTo(1);
            assertThat(registry.get(EventCoreMetrics.STORE_READ).timer().count()).isEqualTo(1);
        });
    }

    @Test
    void everyMeterHasADescriptionAndNoTagHoldsAStreamId() {
        runner.run(context -> {
            context.getBean(CommandExecutor.class).execute(new Transfer(ALICE, BOB, 0));
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.getMeters()).isNotEmpty().allSatisfy(meter -> {
                assertThat(meter.getId().getDescription()).as(meter.getId().toString()).isNotBlank();
                assertThat(meter.getId().getTags()).noneMatch(tag -> tag.getValue().startsWith("account-"));
            });
        });
    }

    @Test
    void rejectionIsRecordedAsRejectedOutcome() {
        runner.run(context -> {
            CommandExecutor executor = context.getBean(CommandExecutor.class);
            assertThatExceptionOfType(CommandRejectedException.class)
                    .isThrownBy(() -> executor.execute(new Transfer(ALICE, BOB, 5)));
            assertThat(context.getBean(MeterRegistry.class).get(EventCoreMetrics.COMMANDS)
                    .tags("command", "Transfer", "outcome", "rejected").timer().count()).isEqualTo(1);
        });
    }

    @Test
    void exhaustedRetriesAreRecordedAsConflictWithEveryRetryCounted() {
        runner.withBean(EventStore.class, AlwaysConflictingStore::new)
                .withPropertyValues("eventcore.retry.max-attempts=3", "eventcore.retry.base-delay=0ms",
                        "eventcore.retry.max-delay=0ms")
                .run(context -> {
                    CommandExecutor executor = context.getBean(CommandExecutor.class);
                    assertThatExceptionOfType(RetriesExhaustedException.class)
                            .isThrownBy(() -> executor.execute(new Deposit(ALICE, 1)));
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get(EventCoreMetrics.COMMANDS).tags("command", "Deposit", "outcome", "conflict")
                            .timer().count()).isEqualTo(1);
                    assertThat(registry.get(EventCoreMetrics.COMMAND_RETRIES).tag("command", "Deposit").counter()
                            .count()).isEqualTo(2);
                });
    }

    @Test
    void streamCacheIsBoundThroughTheCaffeineBinderWithHitsAndMisses() {
        runner.run(context -> {
            CommandExecutor executor = context.getBean(CommandExecutor.class);
            executor.execute(new Deposit(ALICE, 1));
            executor.execute(new Deposit(ALICE, 1));
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("cache.gets").tags("cache", EventCoreMetrics.STREAM_CACHE, "result", "miss")
                    .functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("cache.gets").tags("cache", EventCoreMetrics.STREAM_CACHE, "result", "hit")
                    .functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("cache.size").tag("cache", EventCoreMetrics.STREAM_CACHE).gauge().value())
                    .isEqualTo(1);
            assertThat(registry.find("cache.evictions").tag("cache", EventCoreMetrics.STREAM_CACHE).meter()).isNotNull();
        });
    }

    @Test
    void disabledCacheRegistersNoCacheMeters() {
        runner.withPropertyValues("eventcore.cache.enabled=false").run(context -> assertThat(
                context.getBean(MeterRegistry.class).find("cache.gets").meters()).isEmpty());
    }

    @Test
    void withoutMeterRegistryBeanNoMetricsAreConfigured() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EventCoreStoreAutoConfiguration.class,
                        CommandExecutorAutoConfiguration.class, EventCoreMetricsAutoConfiguration.class))
                .withPropertyValues("eventcore.store.type=memory")
                .run(context -> assertThat(context).hasSingleBean(CommandExecutor.class)
                        .doesNotHaveBean(MicrometerCommandListener.class));
    }

    @Test
    void withoutMicrometerTheExecutorStillWorks() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer")).run(context -> {
            assertThat(context).hasSingleBean(CommandExecutor.class).doesNotHaveBean(MicrometerCommandListener.class)
                    .doesNotHaveBean(MicrometerEventStoreListener.class);
            context.getBean(CommandExecutor.class).execute(new Deposit(ALICE, 1));
        });
    }

    /** Every append conflicts, as if another writer always got there first. */
    static final class AlwaysConflictingStore extends ForwardingEventStore {

        AlwaysConflictingStore() {
            super(new InMemoryEventStore());
        }

        @Override
        public AppendResult append(AppendRequest request) {
            var expected = request.expectedVersions().entrySet().iterator().next();
            throw new StreamVersionConflictException(expected.getKey(), expected.getValue(), 99);
        }
    }
}
