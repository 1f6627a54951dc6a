package io.eventcore.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventcore.projection.ProjectionCoordinator.Leadership;
import org.junit.jupiter.api.Test;

class InMemoryProjectionCoordinatorTests extends AbstractProjectionCoordinatorContractTests {

    // One JVM shares one in-memory coordinator: every "instance" is a runner on it.
    private final InMemoryProjectionCoordinator coordinator = new InMemoryProjectionCoordinator();

    @Override
    protected ProjectionCoordinator coordinator(int instance) {
        return coordinator;
    }

    @Test
    void revokingInvalidatesTheHolderAndFreesTheName() {
        Leadership first = coordinator.tryAcquire("revoked").orElseThrow();
        assertThat(coordinator.revoke("revoked")).isTrue();
        assertThat(first.isValid()).isFalse();
        try (Leadership second = coordinator.tryAcquire("revoked").orElseThrow()) {
            first.close();
            assertThat(second.isValid()).isTrue();
        }
    }
}
