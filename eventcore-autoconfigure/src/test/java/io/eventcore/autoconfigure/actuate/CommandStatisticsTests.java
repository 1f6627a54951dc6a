package io.eventcore.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.eventcore.CommandRejectedException;
import io.eventcore.ExecutionResult;
import io.eventcore.RetriesExhaustedException;
import io.eventcore.StreamId;
import io.eventcore.StreamVersionConflictException;
import io.eventcore.autoconfigure.actuate.EventCoreEndpoint.CommandsDescriptor;
import io.eventcore.store.ExpectedVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CommandStatisticsTests {

    private static final ExecutionResult RESULT = new ExecutionResult(UUID.randomUUID(), List.of(), Map.of(), 1);
    private static final StreamVersionConflictException CONFLICT =
            new StreamVersionConflictException(StreamId.of("s"), ExpectedVersion.exact(1), 2);

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final CommandStatistics statistics = new CommandStatistics(clock::get);

    @Test
    void percentilesComeFromTheLatenciesOfEachKind() {
        for (int millis = 1; millis <= 100; millis++) {
            statistics.succeeded("single", RESULT, 1, Duration.ofMillis(millis));
        }
        statistics.succeeded("multi", RESULT, 3, Duration.ofMillis(500));
        advance(Duration.ofSeconds(10));

        CommandsDescriptor snapshot = statistics.snapshot();

        assertThat(snapshot.singleStream().count()).isEqualTo(100);
        assertThat(snapshot.singleStream().p50Millis()).isEqualTo(50);
        assertThat(snapshot.singleStream().p95Millis()).isEqualTo(95);
        assertThat(snapshot.singleStream().p99Millis()).isEqualTo(99);
        assertThat(snapshot.singleStream().opsPerSecond()).isCloseTo(10, within(0.01));
        assertThat(snapshot.multiStream().count()).isEqualTo(1);
        assertThat(snapshot.multiStream().p99Millis()).isEqualTo(500);
    }

    @Test
    void conflictAndRetryRatesAreOverFinishedCommands() {
        statistics.succeeded("c", RESULT, 1, Duration.ofMillis(1));
        statistics.retrying("c", 2, CONFLICT, Duration.ZERO);
        statistics.retrying("c", 3, CONFLICT, Duration.ZERO);
        statistics.failed("c", new RetriesExhaustedException("c", 3, CONFLICT), Duration.ofMillis(1));
        statistics.rejected("c", new CommandRejectedException("no"), Duration.ofMillis(1));
        statistics.failed("c", new IllegalStateException("boom"), Duration.ofMillis(1));

        CommandsDescriptor snapshot = statistics.snapshot();

        assertThat(snapshot.conflicts()).isEqualTo(1);
        assertThat(snapshot.rejected()).isEqualTo(1);
        assertThat(snapshot.errors()).isEqualTo(1);
        assertThat(snapshot.retries()).isEqualTo(2);
        assertThat(snapshot.conflictRate()).isEqualTo(0.25);
        assertThat(snapshot.retryRate()).isEqualTo(0.5);
    }

    @Test
    void commandsOlderThanTheWindowDropOut() {
        statistics.succeeded("old", RESULT, 1, Duration.ofMillis(900));
        advance(CommandStatistics.WINDOW.plusSeconds(2));
        statistics.succeeded("new", RESULT, 1, Duration.ofMillis(1));

        CommandsDescriptor snapshot = statistics.snapshot();

        assertThat(snapshot.singleStream().count()).isEqualTo(1);
        assertThat(snapshot.singleStream().p99Millis()).isEqualTo(1);
    }

    @Test
    void emptyWindowReportsZeros() {
        CommandsDescriptor snapshot = statistics.snapshot();
        assertThat(snapshot.singleStream().opsPerSecond()).isZero();
        assertThat(snapshot.multiStream().p50Millis()).isZero();
        assertThat(snapshot.conflictRate()).isZero();
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toNanos());
    }
}
