package io.eventcore.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventcore.projection.ProjectionCoordinator.Leadership;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ProjectionCoordinator} passes; subclasses supply the coordinator that
 * each application instance would use.
 */
public abstract class AbstractProjectionCoordinatorContractTests {

    private static final AtomicInteger NAMES = new AtomicInteger();

    /**
     * The coordinator of one application instance. Instances compete for the same leaderships.
     *
     * @param instance 0 or 1
     * @return the coordinator
     */
    protected abstract ProjectionCoordinator coordinator(int instance);

    private static String name() {
        return "coordination-" + NAMES.incrementAndGet();
    }

    @Test
    void acquiringAFreeProjectionGivesAValidLeadership() {
        String name = name();
        try (Leadership leadership = coordinator(0).tryAcquire(name).orElseThrow()) {
            assertThat(leadership.projection()).isEqualTo(name);
            assertThat(leadership.isValid()).isTrue();
        }
    }

    @Test
    void secondInstanceIsBlockedWhileTheFirstHoldsTheLeadership() {
        String name = name();
        try (Leadership first = coordinator(0).tryAcquire(name).orElseThrow()) {
            assertThat(coordinator(1).tryAcquire(name)).isEmpty();
            assertThat(coordinator(0).tryAcquire(name)).as("same instance, second runner").isEmpty();
            assertThat(first.isValid()).isTrue();
        }
    }

    @Test
    void leadershipsOfDifferentProjectionsAreIndependent() {
        String first = name();
        String second = name();
        try (Leadership a = coordinator(0).tryAcquire(first).orElseThrow();
                Leadership b = coordinator(1).tryAcquire(second).orElseThrow()) {
            assertThat(a.isValid()).isTrue();
            assertThat(b.isValid()).isTrue();
            a.close();
            assertThat(b.isValid()).isTrue();
        }
    }

    @Test
    void closingReleasesTheLeadershipToAnotherInstance() {
        String name = name();
        Leadership first = coordinator(0).tryAcquire(name).orElseThrow();
        first.close();
        first.close();
        assertThat(first.isValid()).isFalse();
        try (Leadership second = coordinator(1).tryAcquire(name).orElseThrow()) {
            assertThat(second.isValid()).isTrue();
            assertThat(first.isValid()).isFalse();
            assertThat(coordinator(0).tryAcquire(name)).isEmpty();
        }
    }

    @Test
    void closingAStaleLeadershipDoesNotReleaseTheNewHolder() {
        String name = name();
        Leadership first = coordinator(0).tryAcquire(name).orElseThrow();
        first.close();
        try (Leadership second = coordinator(0).tryAcquire(name).orElseThrow()) {
            first.close();
            assertThat(second.isValid()).isTrue();
            assertThat(coordinator(1).tryAcquire(name)).isEmpty();
        }
    }

    @Test
    void concurrentAcquisitionsGiveExactlyOneLeader() throws Exception {
        String name = name();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Leadership> held = new ArrayList<>();
        try {
            List<Callable<Optional<Leadership>>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int instance = i % 2;
                tasks.add(() -> coordinator(instance).tryAcquire(name));
            }
            for (Future<Optional<Leadership>> result : pool.invokeAll(tasks)) {
                result.get().ifPresent(held::add);
            }
            assertThat(held).hasSize(1);
        } finally {
            held.forEach(Leadership::close);
            pool.shutdownNow();
        }
    }
}
