package io.eventcore.autoconfigure.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import io.eventcore.CommandExecutor;
import io.eventcore.StreamId;
import io.eventcore.autoconfigure.CommandExecutorAutoConfiguration;
import io.eventcore.autoconfigure.EventCoreStoreAutoConfiguration;
import io.eventcore.autoconfigure.TestCommands.Deposit;
import io.eventcore.autoconfigure.actuate.EventCoreEndpoint;
import io.eventcore.autoconfigure.actuate.EventCoreEndpointAutoConfiguration;
import io.eventcore.autoconfigure.actuate.ProjectionEndpointContributor;
import io.eventcore.autoconfigure.metrics.EventCoreMetrics;
import io.eventcore.autoconfigure.metrics.EventCoreMetricsAutoConfiguration;
import io.eventcore.projection.CheckpointStore;
import io.eventcore.projection.FailurePolicy;
import io.eventcore.projection.InMemoryCheckpointStore;
import io.eventcore.projection.InMemoryProjectionCoordinator;
import io.eventcore.projection.Projection;
import io.eventcore.projection.ProjectionCoordinator;
import io.eventcore.projection.ProjectionHandler;
import io.eventcore.projection.ProjectionListener;
import io.eventcore.projection.ProjectionManager;
import io.eventcore.projection.ProjectionState;
import io.eventcore.projection.ProjectionStatus;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.memory.InMemoryEventStore;
import io.eventcore.testing.TestEvents.Deposited;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class EventCoreProjectionsAutoConfigurationTests {

    private static final StreamId ALICE = StreamId.of("account-alice");
    private static final StreamId BOB = StreamId.of("account-bob");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventCoreStoreAutoConfiguration.class,
                    CommandExecutorAutoConfiguration.class, EventCoreProjectionsAutoConfiguration.class))
            .withPropertyValues("eventcore.store.type=memory", "eventcore.projections.poll-interval=50ms");

    @Test
    void projectionBeanStartsAndReceivesEventsWrittenThroughTheCommandExecutor() {
        runner.withUserConfiguration(BalancesConfiguration.class).run(context -> {
            Balances balances = context.getBean(Balances.class);
            ProjectionManager manager = context.getBean(ProjectionManager.class);
            assertThat(manager.isRunning()).isTrue();
            assertThat(manager.projections()).extracting(Projection::name).containsExactly("balances");
            CommandExecutor executor = context.getBean(CommandExecutor.class);
            executor.execute(new Deposit(ALICE, 10));
            executor.execute(new Deposit(BOB, 5));
            executor.execute(new Deposit(ALICE, 1));
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(balances.total.get()).isEqualTo(16));
            assertThat(balances.streams).containsExactly("account-alice", "account-bob", "account-alice");
        });
    }

    @Test
    void eventsWrittenBeforeTheManagerStartsAreCaughtUp() {
        runner.withUserConfiguration(BalancesConfiguration.class)
                .withBean(SmartInitializingSingleton.class, () -> new SmartInitializingSingleton() {
                    @Autowired
                    private CommandExecutor executor;

                    @Override
                    public void afterSingletonsInstantiated() {
                        // Runs before SmartLifecycle beans start: these events form the backlog.
                        executor.execute(new Deposit(ALICE, 3));
                        executor.execute(new Deposit(BOB, 4));
                    }
                })
                .run(context -> {
                    Balances balances = context.getBean(Balances.class);
                    await().atMost(10, TimeUnit.SECONDS).until(() -> balances.total.get() == 7);
                    assertThat(balances.streams).containsExactly("account-alice", "account-bob");
                });
    }

    @Test
    void inMemoryStoreGetsInMemoryCheckpointsAndCoordinator() {
        runner.withUserConfiguration(BalancesConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(ProjectionManager.class);
            assertThat(context.getBean(CheckpointStore.class)).isInstanceOf(InMemoryCheckpointStore.class);
            assertThat(context.getBean(ProjectionCoordinator.class)).isInstanceOf(InMemoryProjectionCoordinator.class);
        });
    }

    @Test
    void withoutProjectionBeansTheManagerRunsEmpty() {
        runner.run(context -> {
            ProjectionManager manager = context.getBean(ProjectionManager.class);
            assertThat(manager.isRunning()).isTrue();
            assertThat(manager.projections()).isEmpty();
        });
    }

    @Test
    void closingTheContextClosesTheManager() {
        AtomicReference<ProjectionManager> manager = new AtomicReference<>();
        runner.withUserConfiguration(BalancesConfiguration.class)
                .run(context -> manager.set(context.getBean(ProjectionManager.class)));
        assertThat(manager.get().isRunning()).isFalse();
        assertThat(manager.get().statuses()).extracting(ProjectionStatus::state).containsExactly(ProjectionState.STOPPED);
    }

    @Test
    void userDefinedCheckpointStoreAndCoordinatorAreUsed() {
        CheckpointStore checkpoints = new InMemoryCheckpointStore();
        checkpoints.save("balances", 1);
        runner.withUserConfiguration(BalancesConfiguration.class)
                .withBean("myCheckpoints", CheckpointStore.class, () -> checkpoints)
                .withBean("myCoordinator", ProjectionCoordinator.class, InMemoryProjectionCoordinator::new)
                .run(context -> {
                    assertThat(context).hasSingleBean(CheckpointStore.class).hasBean("myCheckpoints")
                            .hasSingleBean(ProjectionCoordinator.class).hasBean("myCoordinator");
                    CommandExecutor executor = context.getBean(CommandExecutor.class);
                    executor.execute(new Deposit(ALICE, 10));
                    executor.execute(new Deposit(ALICE, 5));
                    // The saved checkpoint says position 1 is done: only the second deposit arrives.
                    Balances balances = context.getBean(Balances.class);
                    await().atMost(10, TimeUnit.SECONDS).until(() -> checkpoints.load("balances").orElse(0) == 2);
                    assertThat(balances.total.get()).isEqualTo(5);
                });
    }

    @Test
    void userDefinedManagerIsUsedAndStartedWithTheContext() {
        runner.withUserConfiguration(BalancesConfiguration.class)
                .withBean("myManager", ProjectionManager.class,
                        () -> ProjectionManager.builder(new InMemoryEventStore(),
                                new InMemoryCheckpointStore()).build())
                .run(context -> {
                    assertThat(context).hasSingleBean(ProjectionManager.class).hasBean("myManager");
                    ProjectionManager manager = context.getBean(ProjectionManager.class);
                    assertThat(manager.isRunning()).isTrue();
                    // The application's manager registers its own projections.
                    assertThat(manager.projections()).isEmpty();
                });
    }

    @Test
    void disabledProjectionsCreateNoManager() {
        runner.withUserConfiguration(BalancesConfiguration.class)
                .withPropertyValues("eventcore.projections.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ProjectionManager.class)
                        .doesNotHaveBean(CheckpointStore.class));
    }

    @Test
    void transactionalProjectionWithoutTransactionalCheckpointStoreFailsStartup() {
        runner.withBean(Projection.class,
                        () -> Projection.transactional("ledger", (event, connection) -> { }).build())
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("ledger"));
    }

    @Test
    void configuredDefaultsApplyToProjectionsThatKeepTheBuilderDefaults() {
        runner.withPropertyValues("eventcore.projections.batch-size=10", "eventcore.projections.checkpoint-events=3",
                        "eventcore.projections.checkpoint-interval=200ms")
                .withBean("plain", Projection.class, () -> Projection.atLeastOnce("plain", event -> { })
                        .eventTypes(Deposited.class).streamPrefix("account-").build())
                .withBean("tuned", Projection.class, () -> Projection.atLeastOnce("tuned", event -> { })
                        .batchSize(5).checkpointEvery(7, Duration.ofSeconds(3)).build())
                .run(context -> {
                    List<Projection> projections = context.getBean(ProjectionManager.class).projections();
                    Projection plain = projections.stream().filter(p -> p.name().equals("plain")).findFirst()
                            .orElseThrow();
                    assertThat(plain.batchSize()).isEqualTo(10);
                    assertThat(plain.checkpointEvery()).isEqualTo(3);
                    assertThat(plain.checkpointInterval()).isEqualTo(Duration.ofMillis(200));
                    assertThat(plain.eventClasses()).containsExactly(Deposited.class);
                    assertThat(plain.streamPrefix()).isEqualTo("account-");
                    Projection tuned = projections.stream().filter(p -> p.name().equals("tuned")).findFirst()
                            .orElseThrow();
                    assertThat(tuned.batchSize()).isEqualTo(5);
                    assertThat(tuned.checkpointEvery()).isEqualTo(7);
                    assertThat(tuned.checkpointInterval()).isEqualTo(Duration.ofSeconds(3));
                });
    }

    @Test
    void propertyDefaultsEqualTheProjectionBuilderDefaults() {
        EventCoreProjectionsProperties properties = new EventCoreProjectionsProperties();
        Projection projection = Projection.atLeastOnce("defaults", event -> { }).build();
        assertThat(properties.getBatchSize()).isEqualTo(projection.batchSize());
        assertThat(properties.getCheckpointEvents()).isEqualTo(projection.checkpointEvery());
        assertThat(properties.getCheckpointInterval()).isEqualTo(projection.checkpointInterval());
        assertThat(EventCoreProjectionsAutoConfiguration.withDefaults(projection, properties)).isSameAs(projection);
    }

    @Test
    void projectionListenerBeansObserveTheManager() {
        List<String> handled = new CopyOnWriteArrayList<>();
        runner.withUserConfiguration(BalancesConfiguration.class)
                .withBean(ProjectionListener.class, () -> new ProjectionListener() {
                    @Override
                    public void eventHandled(String projection, EventEnvelope event, Duration duration) {
                        handled.add(projection + "@" + event.position());
                    }
                })
                .run(context -> {
                    context.getBean(CommandExecutor.class).execute(new Deposit(ALICE, 1));
                    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(handled)
                            .containsExactly("balances@1"));
                });
    }

    @Test
    void metersAreTaggedByProjectionAndMoveWithEvents() {
        runner.withConfiguration(AutoConfigurations.of(EventCoreMetricsAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class)
                .withUserConfiguration(BalancesConfiguration.class)
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get(EventCoreMetrics.PROJECTION_EVENTS).tag("projection", "balances")
                            .counter().count()).isZero();
                    assertThat(registry.get(EventCoreMetrics.PROJECTION_LAG).tag("projection", "balances").gauge())
                            .isNotNull();
                    assertThat(registry.get(EventCoreMetrics.PROJECTION_LAG_TIME).tag("projection", "balances")
                            .timeGauge()).isNotNull();
                    CommandExecutor executor = context.getBean(CommandExecutor.class);
                    executor.execute(new Deposit(ALICE, 1));
                    executor.execute(new Deposit(BOB, 2));
                    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
                        assertThat(registry.get(EventCoreMetrics.PROJECTION_EVENTS).tag("projection", "balances")
                                .counter().count()).isEqualTo(2);
                        assertThat(registry.get(EventCoreMetrics.PROJECTION_HANDLER).tag("projection", "balances")
                                .timer().count()).isEqualTo(2);
                        assertThat(registry.get(EventCoreMetrics.PROJECTION_LAG).tag("projection", "balances")
                                .gauge().value()).isZero();
                        assertThat(registry.get(EventCoreMetrics.PROJECTION_LEADER).tag("projection", "balances")
                                .gauge().value()).isEqualTo(1);
                    });
                    assertThat(registry.get(EventCoreMetrics.PROJECTION_LAG_TIME).tag("projection", "balances")
                            .timeGauge().value(TimeUnit.MILLISECONDS)).isZero();
                    assertThat(registry.getMeters()).allSatisfy(meter ->
                            assertThat(meter.getId().getDescription()).as(meter.getId().toString()).isNotBlank());
                });
    }

    @Test
    void failedAndSkippedEventsAreCounted() {
        runner.withConfiguration(AutoConfigurations.of(EventCoreMetricsAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class)
                .withBean(Projection.class, () -> Projection.atLeastOnce("picky", event -> {
                    throw new IllegalStateException("cannot handle " + event.position());
                }).failurePolicy(FailurePolicy.skip()).build())
                .run(context -> {
                    context.getBean(CommandExecutor.class).execute(new Deposit(ALICE, 1));
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
                        assertThat(registry.get(EventCoreMetrics.PROJECTION_SKIPPED).tag("projection", "picky")
                                .counter().count()).isEqualTo(1);
                        assertThat(registry.get(EventCoreMetrics.PROJECTION_ERRORS).tag("projection", "picky")
                                .counter().count()).isEqualTo(1);
                    });
                });
    }

    @Test
    void endpointListsProjectionsAndPausesResumesAndResetsThem() {
        runner.withConfiguration(AutoConfigurations.of(EventCoreEndpointAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=eventcore")
                .withUserConfiguration(BalancesConfiguration.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(ProjectionEndpointContributor.class);
                    EventCoreEndpoint endpoint = context.getBean(EventCoreEndpoint.class);
                    CommandExecutor executor = context.getBean(CommandExecutor.class);
                    Balances balances = context.getBean(Balances.class);
                    executor.execute(new Deposit(ALICE, 10));
                    await().atMost(10, TimeUnit.SECONDS).until(() -> balances.total.get() == 10);
                    assertThat(endpoint.eventCore().projections()).singleElement().satisfies(status -> {
                        assertThat(status.name()).isEqualTo("balances");
                        assertThat(status.delivery()).isEqualTo(Projection.Delivery.AT_LEAST_ONCE);
                    });
                    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                            endpoint.projection("balances").state()).isEqualTo(ProjectionState.LIVE));

                    // the answer already shows the outcome: pause waits for the runner to stop
                    assertThat(endpoint.changeProjection("balances", "pause", null).state())
                            .isEqualTo(ProjectionState.PAUSED);
                    executor.execute(new Deposit(ALICE, 5));
                    // Lag is visible while paused: the new event waits.
                    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                            endpoint.projection("balances").lagEvents()).isEqualTo(1));
                    assertThat(balances.total.get()).isEqualTo(10);

                    assertThat(endpoint.changeProjection("balances", "resume", null).state())
                            .isNotEqualTo(ProjectionState.PAUSED);
                    await().atMost(10, TimeUnit.SECONDS).until(() -> balances.total.get() == 15);

                    ProjectionStatus afterReset = endpoint.changeProjection("balances", "reset", 0L);
                    assertThat(afterReset).isNotNull();
                    assertThat(balances.resets).containsExactly(0L);
                    await().atMost(10, TimeUnit.SECONDS).until(() -> balances.total.get() == 15
                            && balances.streams.size() == 4);

                    assertThat(endpoint.projection("missing")).isNull();
                    assertThatExceptionOfType(InvalidEndpointRequestException.class)
                            .isThrownBy(() -> endpoint.changeProjection("missing", "pause", null))
                            .withMessage("no projection named 'missing'");
                });
    }

    /** A read model of account balances, kept by an at-least-once projection bean. */
    static final class Balances implements ProjectionHandler {

        final AtomicLong total = new AtomicLong();
        final List<String> streams = new CopyOnWriteArrayList<>();
        final List<Long> resets = new CopyOnWriteArrayList<>();

        @Override
        public void handle(EventEnvelope event) {
            streams.add(event.streamId().value());
            total.addAndGet(event.payloadAs(Deposited.class).amount());
        }

        @Override
        public void reset(long position) {
            resets.add(position);
            total.set(0);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BalancesConfiguration {

        @Bean
        Balances balances() {
            return new Balances();
        }

        @Bean
        Projection balancesProjection(Balances balances) {
            return Projection.atLeastOnce("balances", balances).eventTypes(Deposited.class).build();
        }
    }
}
