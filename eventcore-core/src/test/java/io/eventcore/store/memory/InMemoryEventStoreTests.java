package io.eventcore.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventcore.StreamId;
import io.eventcore.StreamVersionConflictException;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventFilter;
import io.eventcore.store.EventMetadata;
import io.eventcore.store.EventStoreListener;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.store.PendingEvent;
import io.eventcore.store.StreamRead;
import io.eventcore.testing.TestEvents.Noted;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Behaviour of {@link InMemoryEventStore} beyond the shared store contract. */
class InMemoryEventStoreTests {

    private static final StreamId A = StreamId.of("a");
    private static final StreamId B = StreamId.of("b");

    private final InMemoryEventStore store = new InMemoryEventStore();

    @Test
    void recordedAtComesFromInjectedClock() {
        Instant now = Instant.parse("2030-01-02T03:04:05.123456789Z");
        InMemoryEventStore clocked = new InMemoryEventStore(Clock.fixed(now, ZoneOffset.UTC));

        clocked.append(AppendRequest.of(A, ExpectedVersion.any(), List.of(noted(A, "x"))));

        assertThat(clocked.readStream(A)).singleElement().extracting(EventEnvelope::recordedAt).isEqualTo(now);
    }

    @Test
    void positionsStartAtOneAndHaveNoGaps() {
        store.append(AppendRequest.of(A, ExpectedVersion.any(), List.of(noted(A, "1"), noted(A, "2"))));
        store.append(AppendRequest.of(B, ExpectedVersion.any(), List.of(noted(B, "3"))));

        assertThat(store.readAll(0, EventFilter.ALL, 10)).extracting(EventEnvelope::position).containsExactly(1L, 2L, 3L);
        assertThat(store.headPosition()).isEqualTo(3);
    }

    @Test
    void payloadIsStoredAsTheSameObject() {
        Noted payload = new Noted("same");

        store.append(AppendRequest.of(A, ExpectedVersion.any(),
                List.of(new PendingEvent(UUID.randomUUID(), A, "test-noted", payload, EventMetadata.EMPTY))));

        assertThat(store.readStream(A).get(0).payload()).isSameAs(payload);
    }

    @Test
    void longStreamsAcrossManyChunksReadBackInOrder() {
        // Crosses several of the doubling chunks the store keeps events in.
        for (int i = 1; i <= 1_000; i++) {
            store.append(AppendRequest.of(A, ExpectedVersion.exact(i - 1L), List.of(noted(A, "n" + i))));
        }
        List<EventEnvelope> tail = new ArrayList<>();

        store.readStream(A, 990, tail::add);

        assertThat(store.readStream(A)).extracting(EventEnvelope::version)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 1_000).boxed().toList());
        assertThat(tail).extracting(event -> ((Noted) event.payload()).text())
                .containsExactly("n991", "n992", "n993", "n994", "n995", "n996", "n997", "n998", "n999", "n1000");
        assertThat(store.readAll(500, EventFilter.ALL, 1)).singleElement().extracting(EventEnvelope::version).isEqualTo(501L);
    }

    @Test
    void watchCallbackRunsAfterAppendIsVisible() {
        AtomicReference<Long> headSeenByCallback = new AtomicReference<>();
        store.watch(() -> headSeenByCallback.set(store.headPosition()));

        store.append(AppendRequest.of(A, ExpectedVersion.any(), List.of(noted(A, "1"), noted(A, "2"))));

        assertThat(headSeenByCallback.get()).isEqualTo(2L);
    }

    @Test
    void closedWatchIsNotCalledAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AutoCloseable handle = store.watch(calls::incrementAndGet);
        store.append(AppendRequest.of(A, ExpectedVersion.any(), List.of(noted(A, "1"))));

        handle.close();
        store.append(AppendRequest.of(A, ExpectedVersion.any(), List.of(noted(A, "2"))));

        assertThat(calls).hasValue(1);
    }

    @Test
    void watchIsNotCalledForFailedOrEmptyAppends() {
        AtomicInteger calls = new AtomicInteger();
        store.watch(calls::incrementAndGet);

        assertThatThrownBy(() -> store.append(AppendRequest.of(A, ExpectedVersion.exact(3), List.of(noted(A, "1")))))
                .isInstanceOf(StreamVersionConflictException.class);
        store.append(AppendRequest.of(A, ExpectedVersion.noStream(), List.of()));

        assertThat(calls).hasValue(0);
    }

    @Test
    void failingWatchCallbackDoesNotFailAppendOrOtherWatchers() {
        AtomicInteger calls = new AtomicInteger();
        store.watch(() -> {
            throw new IllegalStateException("callback broke");
        });
        store.watch(calls::incrementAndGet);

        store.append(AppendRequest.of(A, ExpectedVersion.any(), List.of(noted(A, "1"))));

        assertThat(calls).hasValue(1);
        assertThat(store.readStream(A)).hasSize(1);
    }

    @Test
    void sameCallbackWatchedTwiceKeepsOneRegistrationWhenOtherIsClosed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Runnable callback = calls::incrementAndGet;
        AutoCloseable first = store.watch(callback);
        store.watch(callback);

        first.close();
        store.append(AppendRequest.of(A, ExpectedVersion.any(), List.of(noted(A, "1"))));

        assertThat(calls).hasValue(1);
    }

    @Test
    void listenerIsToldAboutAppendsAndReads() {
        List<String> calls = new ArrayList<>();
        InMemoryEventStore observed = new InMemoryEventStore(Clock.systemUTC(), new EventStoreListener() {
            @Override
            public void appended(Duration duration, int events, boolean success) {
                calls.add("appended " + events + " " + success);
            }

            @Override
            public void read(Duration duration, int events) {
                calls.add("read " + events);
            }
        });

        observed.append(AppendRequest.of(A, ExpectedVersion.any(), List.of(noted(A, "1"), noted(A, "2"))));
        assertThatThrownBy(() -> observed.append(AppendRequest.of(A, ExpectedVersion.noStream(), List.of(noted(A, "3")))))
                .isInstanceOf(StreamVersionConflictException.class);
        observed.readStream(A);
        observed.readAll(1, EventFilter.ALL, 10);

        assertThat(calls).containsExactly("appended 2 true", "appended 0 false", "read 2", "read 1");
    }

    @Test
    void readAllRejectsNegativePosition() {
        assertThatThrownBy(() -> store.readAll(-1, EventFilter.ALL, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("afterPosition must be at least 0, was -1");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void readerOfSeveralStreamsNeverSeesHalfOfAMultiStreamAppend() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            int reads = 0;
            while (writing.get() || reads == 0) {
                int[] counts = new int[2];
                store.readStreams(List.of(StreamRead.all(A), StreamRead.all(B)),
                        event -> counts[event.streamId().equals(A) ? 0 : 1]++);
                if (counts[0] != counts[1]) {
                    throw new AssertionError("saw " + counts[0] + " events on a but " + counts[1] + " on b");
                }
                reads++;
            }
            return reads;
        });

        for (int i = 0; i < 500; i++) {
            Map<StreamId, ExpectedVersion> expected = new LinkedHashMap<>();
            expected.put(A, ExpectedVersion.exact(i));
            expected.put(B, ExpectedVersion.exact(i));
            store.append(new AppendRequest(expected, List.of(noted(A, "a" + i), noted(B, "b" + i))));
        }
        writing.set(false);

        assertThat(reader.get()).isPositive();
    }

    private static PendingEvent noted(StreamId stream, String text) {
        return new PendingEvent(UUID.randomUUID(), stream, "test-noted", new Noted(text), EventMetadata.EMPTY);
    }
}
