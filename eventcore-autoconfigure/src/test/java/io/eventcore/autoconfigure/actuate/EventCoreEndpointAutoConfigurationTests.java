package io.eventcore.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.eventcore.CommandExecutor;
import io.eventcore.StreamId;
import io.eventcore.autoconfigure.CommandExecutorAutoConfiguration;
import io.eventcore.autoconfigure.EventCoreStoreAutoConfiguration;
import io.eventcore.autoconfigure.TestCommands.Deposit;
import io.eventcore.autoconfigure.TestCommands.Transfer;
import io.eventcore.autoconfigure.actuate.EventCoreEndpoint.EventCoreDescriptor;
import io.eventcore.projection.Projection;
import io.eventcore.projection.ProjectionState;
import io.eventcore.projection.ProjectionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class EventCoreEndpointAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventCoreStoreAutoConfiguration.class,
                    CommandExecutorAutoConfiguration.class, EventCoreEndpointAutoConfiguration.class,
                    EventCoreHealthContributorAutoConfiguration.class))
            .withPropertyValues("eventcore.store.type=memory");

    @Test
    void endpointIsAbsentUnlessExposed() {
        runner.run(context -> assertThat(context).doesNotHaveBean(EventCoreEndpoint.class)
                .doesNotHaveBean(CommandStatistics.class));
    }

    @Test
    void exposedEndpointIsConfigured() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=eventcore")
                .run(context -> assertThat(context).hasSingleBean(EventCoreEndpoint.class)
                        .hasSingleBean(CommandStatistics.class));
    }

    @Test
    void endpointWithAccessNoneIsAbsentEvenWhenExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=eventcore",
                "management.endpoint.eventcore.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(EventCoreEndpoint.class));
    }

    @Test
    void withoutActuatorNoEndpointAndNoHealthIndicator() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class, HealthIndicator.class))
                .withPropertyValues("management.endpoints.web.exposure.include=eventcore")
                .run(context -> assertThat(context).hasSingleBean(CommandExecutor.class)
                        .doesNotHaveBean(EventCoreEndpoint.class).doesNotHaveBean("eventcoreHealthIndicator"));
    }

    @Test
    void endpointDescribesSettingsAndLiveStatistics() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=eventcore",
                "eventcore.retry.max-attempts=7", "eventcore.cache.max-events=1234").run(context -> {
                    CommandExecutor executor = context.getBean(CommandExecutor.class);
                    StreamId alice = StreamId.of("alice");
                    executor.execute(new Deposit(alice, 10));
                    executor.execute(new Deposit(alice, 10));
                    executor.execute(new Transfer(alice, StreamId.of("bob"), 5));

                    EventCoreDescriptor descriptor = context.getBean(EventCoreEndpoint.class).eventCore();

                    assertThat(descriptor.store().type()).isEqualTo("memory");
                    assertThat(descriptor.executor().retry().maxAttempts()).isEqualTo(7);
                    assertThat(descriptor.cache().maxEvents()).isEqualTo(1234);
                    assertThat(descriptor.cache().hits()).isEqualTo(2);
                    assertThat(descriptor.cache().misses()).isEqualTo(2);
                    assertThat(descriptor.cache().hitRatio()).isEqualTo(0.5);
                    assertThat(descriptor.commands().singleStream().count()).isEqualTo(2);
                    assertThat(descriptor.commands().multiStream().count()).isEqualTo(1);
                    assertThat(descriptor.commands().singleStream().p99Millis()).isPositive();
                    assertThat(descriptor.projections()).isEmpty();
                });
    }

    @Test
    void projectionsComeFromTheContributorAndOperatorActionsReachIt() {
        FakeProjections projections = new FakeProjections();
        runner.withPropertyValues("management.endpoints.web.exposure.include=eventcore")
                .withBean(ProjectionEndpointContributor.class, () -> projections).run(context -> {
                    EventCoreEndpoint endpoint = context.getBean(EventCoreEndpoint.class);
                    assertThat(endpoint.eventCore().projections()).extracting(ProjectionStatus::name)
                            .containsExactly("balances");
                    assertThat(endpoint.projection("balances")).isNotNull();
                    assertThat(endpoint.projection("unknown")).isNull();

                    assertThat(endpoint.changeProjection("balances", "pause", null)).isNotNull();
                    endpoint.changeProjection("balances", "reset", null);
                    endpoint.changeProjection("balances", "reset", 42L);
                    assertThatExceptionOfType(InvalidEndpointRequestException.class)
                            .isThrownBy(() -> endpoint.changeProjection("unknown", "resume", null))
                            .withMessageContaining("no projection named 'unknown'");
                    assertThat(projections.actions).containsExactly("pause balances", "reset balances 0",
                            "reset balances 42");

                    assertThatExceptionOfType(InvalidEndpointRequestException.class)
                            .isThrownBy(() -> endpoint.changeProjection("balances", "explode", null));
                    assertThatExceptionOfType(InvalidEndpointRequestException.class)
                            .isThrownBy(() -> endpoint.changeProjection("balances", "reset", -1L));
                });
    }

    @Test
    void healthOfTheInMemoryStoreIsUp() {
        runner.run(context -> {
            Health health = context.getBean("eventcoreHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("store", "memory");
        });
    }

    @Test
    void healthIndicatorCanBeSwitchedOff() {
        runner.withPropertyValues("management.health.eventcore.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("eventcoreHealthIndicator"));
    }

    /** One projection, recording the actions asked of it. */
    static final class FakeProjections implements ProjectionEndpointContributor {

        final List<String> actions = new ArrayList<>();

        @Override
        public List<ProjectionStatus> projections() {
            return List.of(status("balances"));
        }

        @Override
        public Optional<ProjectionStatus> pause(String name) {
            actions.add("pause " + name);
            return known(name);
        }

        @Override
        public Optional<ProjectionStatus> resume(String name) {
            actions.add("resume " + name);
            return known(name);
        }

        @Override
        public Optional<ProjectionStatus> reset(String name, long position) {
            actions.add("reset " + name + " " + position);
            return known(name);
        }

        private static Optional<ProjectionStatus> known(String name) {
            return name.equals("balances") ? Optional.of(status(name)) : Optional.empty();
        }

        private static ProjectionStatus status(String name) {
            return new ProjectionStatus(name, Projection.Delivery.AT_LEAST_ONCE, ProjectionState.LIVE, true, 10, 10, 10,
                    0, Duration.ZERO, 10, 0, null);
        }
    }
}
