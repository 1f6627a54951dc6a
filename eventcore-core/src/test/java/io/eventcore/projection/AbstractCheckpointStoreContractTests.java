package io.eventcore.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The contract every {@link CheckpointStore} passes; subclasses supply the store. */
public abstract class AbstractCheckpointStoreContractTests {

    private static final AtomicInteger NAMES = new AtomicInteger();

    /** @return the store under test, empty of the names this suite uses */
    protected abstract CheckpointStore store();

    private static String name() {
        return "contract-" + NAMES.incrementAndGet();
    }

    @Test
    void loadIsEmptyWhenNothingWasSaved() {
        assertThat(store().load(name())).isEmpty();
    }

    @Test
    void loadReturnsTheSavedPosition() {
        String name = name();
        store().save(name, 42);
        assertThat(store().load(name)).hasValue(42);
    }

    @Test
    void saveOverwritesEarlierPositionsInEitherDirection() {
        String name = name();
        store().save(name, 10);
        store().save(name, 30);
        assertThat(store().load(name)).hasValue(30);
        store().save(name, 0);
        assertThat(store().load(name)).hasValue(0);
    }

    @Test
    void projectionsHaveIndependentCheckpoints() {
        String first = name();
        String second = name();
        store().save(first, 5);
        store().save(second, 7);
        assertThat(store().compareAndSet(first, 5, 6)).isTrue();
        assertThat(store().load(first)).hasValue(6);
        assertThat(store().load(second)).hasValue(7);
    }

    @Test
    void compareAndSetSavesWhenTheCheckpointIsAtTheExpectedPosition() {
        String name = name();
        store().save(name, 3);
        assertThat(store().compareAndSet(name, 3, 9)).isTrue();
        assertThat(store().load(name)).hasValue(9);
    }

    @Test
    void compareAndSetTreatsAMissingCheckpointAsZero() {
        String name = name();
        assertThat(store().compareAndSet(name, 0, 4)).isTrue();
        assertThat(store().load(name)).hasValue(4);
        String other = name();
        assertThat(store().compareAndSet(other, 1, 4)).isFalse();
        assertThat(store().load(other)).isEmpty();
    }

    @Test
    void compareAndSetRefusesWhenTheCheckpointMoved() {
        String name = name();
        store().save(name, 3);
        store().save(name, 8);
        assertThat(store().compareAndSet(name, 3, 5)).isFalse();
        assertThat(store().load(name)).hasValue(8);
    }

    @Test
    void concurrentCompareAndSetFromTheSamePositionLetsExactlyOneWin() throws Exception {
        String name = name();
        store().save(name, 1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long target = 100 + i;
                tasks.add(() -> store().compareAndSet(name, 1, target));
            }
            int wins = 0;
            for (Future<Boolean> result : pool.invokeAll(tasks)) {
                wins += result.get() ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
            assertThat(store().load(name).orElseThrow()).isBetween(100L, 107L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void skippedEventsAreListedPerProjectionInPositionOrder() {
        String name = name();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store().recordSkipped(new SkippedEvent(name, 20, "account-1", "test-deposited", "boom", at));
        store().recordSkipped(new SkippedEvent(name, 10, null, null, "undecodable", at));
        store().recordSkipped(new SkippedEvent(name(), 15, "other", "x", "other", at));
        assertThat(store().skipped(name)).extracting(SkippedEvent::position).containsExactly(10L, 20L);
        assertThat(store().skipped(name).get(1))
                .isEqualTo(new SkippedEvent(name, 20, "account-1", "test-deposited", "boom", at));
        assertThat(store().skipped(name())).isEmpty();
    }

    @Test
    void recordingTheSameSkippedPositionAgainReplacesTheRecord() {
        String name = name();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store().recordSkipped(new SkippedEvent(name, 10, "s", "t", "first", at));
        store().recordSkipped(new SkippedEvent(name, 10, "s", "t", "second", at));
        assertThat(store().skipped(name)).singleElement().extracting(SkippedEvent::error).isEqualTo("second");
    }
}
