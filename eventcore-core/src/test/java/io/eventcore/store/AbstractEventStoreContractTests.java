package io.eventcore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.eventcore.EventTypeMismatchException;
import io.eventcore.StreamId;
import io.eventcore.StreamVersionConflictException;
import io.eventcore.serialization.EventTypeRegistry;
import io.eventcore.testing.TestEvents;
import io.eventcore.testing.TestEvents.Deposited;
import io.eventcore.testing.TestEvents.Event;
import io.eventcore.testing.TestEvents.Noted;
import io.eventcore.testing.TestEvents.Withdrawn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link EventStore} must pass. A store's test class extends this one and
 * supplies the store; it adds no cases of its own here (Spring Modulith's per-database test bases
 * work the same way).
 *
 * <pre>{@code
 * class MyEventStoreTests extends AbstractEventStoreContractTests {
 *     protected EventStore createStore() {
 *         return new MyEventStore(freshDatabase(),
 *                 new JacksonEventSerializer(AbstractEventStoreContractTests.eventTypes()));
 *     }
 *
 *     protected void releaseStore(EventStore store) {
 *         dropDatabase(store);
 *     }
 * }
 * }</pre>
 *
 * <p>Every case starts from an empty store made by {@link #createStore()}. The suite writes only
 * the events of {@link TestEvents} (stored types {@code test-noted}, {@code test-deposited} and
 * {@code test-withdrawn}); stores that serialize payloads must be able to read them back, for
 * example with a serializer over {@link #eventTypes()}. The suite assumes nothing about position
 * values beyond the SPI's guarantees: positions are unique and a reader of the log never sees a
 * lower one after a higher one, but they may have gaps and need not start at 1.
 */
public abstract class AbstractEventStoreContractTests {

    private static final EventTypeRegistry TYPES = eventTypes();

    private static final StreamId ACCOUNT_1 = StreamId.of("account-1");
    private static final StreamId ACCOUNT_2 = StreamId.of("account-2");
    private static final StreamId ACCOUNT_3 = StreamId.of("account-3");

    private @Nullable EventStore store;

    /**
     * Creates an empty store for one test case. Called once per case.
     *
     * @return a store holding no events
     */
    protected abstract EventStore createStore();

    /**
     * Releases a store made by {@link #createStore()} after its case, for example by dropping its
     * schema. Does nothing by default.
     *
     * @param store the store to release
     */
    protected void releaseStore(EventStore store) {}

    /**
     * Registry of every event type the suite writes, for stores that serialize payloads.
     *
     * @return a new registry holding the {@link TestEvents} types
     */
    public static EventTypeRegistry eventTypes() {
        return TestEvents.registry();
    }

    /**
     * The store of the running case.
     *
     * @return the store
     */
    protected final EventStore store() {
        if (store == null) {
            throw new IllegalStateException("store is only available while a test case runs");
        }
        return store;
    }

    @BeforeEach
    final void createStoreForCase() {
        store = createStore();
    }

    @AfterEach
    final void releaseStoreAfterCase() {
        EventStore used = store;
        store = null;
        if (used != null) {
            releaseStore(used);
        }
    }

    // ---- basic write and read ----------------------------------------------------------------

    @Test
    void appendedEventsReadBackWithEveryEnvelopeField() {
        UUID eventId = UUID.randomUUID();
        UUID correlationId = UUID.randomUUID();
        UUID causationId = UUID.randomUUID();
        EventMetadata metadata = new EventMetadata(correlationId, causationId, Map.of("user", "alice", "tenant", "t-1"));
        PendingEvent first = new PendingEvent(eventId, ACCOUNT_1, "test-deposited", new Deposited(100), metadata);
        PendingEvent second = pending(ACCOUNT_1, new Withdrawn(30));

        AppendResult result = store().append(AppendRequest.of(ACCOUNT_1, ExpectedVersion.noStream(), List.of(first, second)));
        List<EventEnvelope> read = store().readStream(ACCOUNT_1);

        assertThat(read).hasSize(2).isEqualTo(result.events());
        EventEnvelope event = read.get(0);
        assertThat(event.eventId()).isEqualTo(eventId);
        assertThat(event.streamId()).isEqualTo(ACCOUNT_1);
        assertThat(event.version()).isEqualTo(1);
        assertThat(event.position()).isPositive();
        assertThat(event.type()).isEqualTo("test-deposited");
        assertThat(event.recordedAt()).isNotNull();
        assertThat(event.metadata().correlationId()).isEqualTo(correlationId);
        assertThat(event.metadata().causationId()).isEqualTo(causationId);
        assertThat(event.metadata().attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("user", "alice", "tenant", "t-1"));
        assertThat(event.payload()).isEqualTo(new Deposited(100));
        assertThat(event.payloadAs(Deposited.class).amount()).isEqualTo(100);

        EventEnvelope next = read.get(1);
        assertThat(next.eventId()).isEqualTo(second.eventId());
        assertThat(next.version()).isEqualTo(2);
        assertThat(next.position()).isGreaterThan(event.position());
        assertThat(next.type()).isEqualTo("test-withdrawn");
        assertThat(next.metadata()).isEqualTo(EventMetadata.EMPTY);
        assertThat(next.payload()).isEqualTo(new Withdrawn(30));
    }

    @Test
    void appendResultMatchesWhatIsReadBack() {
        AppendResult result = append(ACCOUNT_1, ExpectedVersion.noStream(), new Deposited(5), new Deposited(7));

        assertThat(result.events()).isEqualTo(store().readStream(ACCOUNT_1));
        assertThat(result.streamVersions()).isEqualTo(Map.of(ACCOUNT_1, 2L));
    }

    @Test
    void multiStreamAppendAssignsVersionsPerStreamAndPositionsInRequestOrder() {
        append(ACCOUNT_1, ExpectedVersion.noStream(), new Deposited(1));

        AppendResult result = store().append(new AppendRequest(
                ordered(ACCOUNT_1, ExpectedVersion.exact(1), ACCOUNT_2, ExpectedVersion.noStream()),
                List.of(pending(ACCOUNT_1, new Withdrawn(1)), pending(ACCOUNT_2, new Deposited(1)),
                        pending(ACCOUNT_1, new Noted("after")))));

        assertThat(result.events()).extracting(EventEnvelope::streamId, EventEnvelope::version)
                .containsExactly(
                        tuple(ACCOUNT_1, 2L),
                        tuple(ACCOUNT_2, 1L),
                        tuple(ACCOUNT_1, 3L));
        assertThat(result.events()).extracting(EventEnvelope::position).isSorted().doesNotHaveDuplicates();
        assertThat(result.streamVersions()).isEqualTo(Map.of(ACCOUNT_1, 3L, ACCOUNT_2, 1L));
        assertThat(payloads(ACCOUNT_1)).containsExactly(new Deposited(1), new Withdrawn(1), new Noted("after"));
        assertThat(payloads(ACCOUNT_2)).containsExactly(new Deposited(1));
    }

    // ---- expected versions -------------------------------------------------------------------

    @Test
    void appendWithStaleExpectedVersionFailsWithStreamExpectedAndActual() {
        append(ACCOUNT_1, ExpectedVersion.noStream(), new Deposited(1), new Deposited(2));

        StreamVersionConflictException conflict = catchThrowableOfType(StreamVersionConflictException.class,
                () -> append(ACCOUNT_1, ExpectedVersion.exact(1), new Deposited(3)));

        assertThat(conflict).isNotNull();
        assertThat(conflict.streamId()).isEqualTo(ACCOUNT_1);
        assertThat(conflict.expected()).isEqualTo(ExpectedVersion.exact(1));
        assertThat(conflict.actual()).isEqualTo(2);
        assertThat(conflict.isRetryable()).isTrue();
        assertThat(payloads(ACCOUNT_1)).containsExactly(new Deposited(1), new Deposited(2));
    }

    @Test
    void appendWithExpectedVersionAheadOfStreamFails() {
        append(ACCOUNT_1, ExpectedVersion.noStream(), new Deposited(1));

        assertThatThrownBy(() -> append(ACCOUNT_1, ExpectedVersion.exact(5), new Deposited(2)))
                .isInstanceOfSatisfying(StreamVersionConflictException.class, conflict -> {
                    assertThat(conflict.expected()).isEqualTo(ExpectedVersion.exact(5));
                    assertThat(conflict.actual()).isEqualTo(1);
                });
        assertThat(store().readStream(ACCOUNT_1)).hasSize(1);
    }

    @Test
    void streamIdWithQuotesBackslashesAndNonAsciiIsCheckedLikeAnyOther() {
        StreamId odd = StreamId.of("kunde-\"\u00f6lig\"\\1 %_{x}");
        append(odd, ExpectedVersion.noStream(), new Deposited(1));
        append(odd, ExpectedVersion.exact(1), new Deposited(2));

        assertThatThrownBy(() -> append(odd, ExpectedVersion.exact(1), new Deposited(3)))
                .isInstanceOfSatisfying(StreamVersionConflictException.class, conflict -> {
                    assertThat(conflict.streamId()).isEqualTo(odd);
                    assertThat(conflict.actual()).isEqualTo(2);
                });
        assertThat(payloads(odd)).containsExactly(new Deposited(1), new Deposited(2));
    }

    @Test
    void appendExpectingEventsOfAStreamThatHasNoneFailsAndCreatesNothing() {
        long head = store().headPosition();

        assertThatThrownBy(() -> append(ACCOUNT_1, ExpectedVersion.exact(3), new Deposited(2)))
                .isInstanceOfSatisfying(StreamVersionConflictException.class, conflict -> {
                    assertThat(conflict.streamId()).isEqualTo(ACCOUNT_1);
                    assertThat(conflict.expected()).isEqualTo(ExpectedVersion.exact(3));
                    assertThat(conflict.actual()).isZero();
                });
        assertThat(store().readStream(ACCOUNT_1)).isEmpty();
        assertThat(store().headPosition()).isEqualTo(head);
        append(ACCOUNT_1, ExpectedVersion.noStream(), new Deposited(1));
        assertThat(payloads(ACCOUNT_1)).containsExactly(new Deposited(1));
    }

    @Test
    void appendFailsAndWritesNothingWhenReadOnlyParticipantIsStale() {
        append(ACCOUNT_1, ExpectedVersion.noStream(), new Deposited(100));
        append(ACCOUNT_2, ExpectedVersion.noStream(), new Deposited(100));
        long head = store().headPosition();

        // The writer read ACCOUNT_2 when it was empty; since then it got an event.
        AppendRequest request = new AppendRequest(
                ordered(ACCOUNT_1, ExpectedVersion.exact(1), ACCOUNT_2, ExpectedVersion.noStream()),
                List.of(pending(ACCOUNT_1, new Withdrawn(100))));

        assertThatThrownBy(() -> store().append(request))
                .isInstanceOfSatisfying(StreamVersionConflictException.class, conflict -> {
                    assertThat(conflict.streamId()).isEqualTo(ACCOUNT_2);
                    assertThat(conflict.expected()).isEqualTo(ExpectedVersion.noStream());
                    assertThat(conflict.actual()).isEqualTo(1);
                });
        assertThat(payloads(ACCOUNT_1)).containsExactly(new Deposited(100));
        assertThat(payloads(ACCOUNT_2)).containsExactly(new Deposited(100));
        assertThat(store().headPosition()).isEqualTo(head);
    }

    @Test
    void appendSucceedsWhenReadOnlyParticipantIsCurrent() {
        append(ACCOUNT_1, ExpectedVersion.noStream(), new Deposited(100));
        append(ACCOUNT_2, ExpectedVersion.noStream(), new Deposited(100));

        AppendResult result = store().append(new AppendRequest(
                ordered(ACCOUNT_1, ExpectedVersion.exact(1), ACCOUNT_2, ExpectedVersion.exact(1)),
                List.of(pending(ACCOUNT_1, new Withdrawn(100)))));

        assertThat(result.events()).singleElement().satisfies(event -> {
            assertThat(event.streamId()).isEqualTo(ACCOUNT_1);
            assertThat(event.version()).isEqualTo(2);
        });
        assertThat(result.streamVersions()).isEqualTo(Map.of(ACCOUNT_1, 2L, ACCOUNT_2, 1L));
        assertThat(payloads(ACCOUNT_2)).containsExactly(new Deposited(100));
    }

    @Test
    void appendWithoutEventsChecksVersionsAndWritesNothing() {
        append(ACCOUNT_1, ExpectedVersion.noStream(), new Deposited(1));
        long head = store().headPosition();

        AppendResult current = store().append(AppendRequest.of(ACCOUNT_1, ExpectedVersion.exact(1), List.of()));

        assertThat(current.events()).isEmpty();
        assertThat(current.streamVersions()).isEqualTo(Map.of(ACCOUNT_1, 1L));
        assertThatThrownBy(() -> store().append(AppendRequest.of(ACCOUNT_1, ExpectedVersion.noStream(), List.of())))
                .isInstanceOf(StreamVersionConflictException.class);
        assertThat(store().headPosition()).isEqualTo(head);
    }

    @Test
    void noStreamExpectationSucceedsOnNewStreamAndFailsOnExistingOne() {
        AppendResult created = append(ACCOUNT_1, ExpectedVersion.noStream(), new Noted("first"));

        assertThat(created.events()).singleElement().extracting(EventEnvelope::version).isEqualTo(1L);
        assertThatThrownBy(() -> append(ACCOUNT_1, ExpectedVersion.noStream(), new Noted("second")))
                .isInstanceOfSatisfying(StreamVersionConflictException.class, conflict -> {
                    assertThat(conflict.expected()).isEqualTo(ExpectedVersion.noStream());
                    assertThat(conflict.actual()).isEqualTo(1);
                });
        assertThat(payloads(ACCOUNT_1)).containsExactly(new Noted("first"));
    }

    @Test
    void anyExpectationAppendsAfterWhateverTheStreamHolds() {
        AppendResult onEmpty = append(ACCOUNT_1, ExpectedVersion.any(), new Noted("a"));
        AppendResult onExisting = append(ACCOUNT_1, ExpectedVersion.any(), new Noted("b"), new Noted("c"));

        assertThat(onEmpty.events()).extracting(EventEnvelope::version).containsExactly(1L);
        assertThat(onExisting.events()).extracting(EventEnvelope::version).containsExactly(2L, 3L);
        assertThat(onExisting.streamVersions()).isEqualTo(Map.of(ACCOUNT_1, 3L));
    }

    // ---- isolation and atomicity -------------------------------------------------------------

    @Test
    void streamsAreIsolatedAndVersionedIndependently() {
        append(ACCOUNT_1, ExpectedVersion.noStream(), new Deposited(1));
        append(ACCOUNT_2, ExpectedVersion.noStream(), new Deposited(2));
        append(ACCOUNT_1, ExpectedVersion.exact(1), new Deposited(3));

        assertThat(store().readStream(ACCOUNT_1))
                .extracting(EventEnvelope::version, EventEnvelope::payload)
                .containsExactly(
                        tuple(1L, new Deposited(1)),
                        tuple(2L, new Deposited(3)));
        assertThat(store().readStream(ACCOUNT_2))
                .extracting(EventEnvelope::version, EventEnvelope::payload)
                .containsExactly(tuple(1L, new Deposited(2)));
    }

    @Test
    void missingStreamReadsAsEmpty() {
        append(ACCOUNT_1, ExpectedVersion.noStream(), new Deposited(1));
        List<EventEnvelope> received = new ArrayList<>();

        store().readStreams(List.of(StreamRead.all(StreamId.of("never-written"))), received::add);

        assertThat(received).isEmpty();
        assertThat(store().readStream(StreamId.of("never-written"))).isEmpty();
        assertThat(store().readStream(StreamId.of("account-"))).isEmpty();
    }

    @Test
    void conflictOnOneStreamLeavesEveryStreamUntouched() {
        append(ACCOUNT_1, ExpectedVersion.noStream(), new Deposited(1));
        append(ACCOUNT_2, ExpectedVersion.noStream(), new Deposited(2));
        append(ACCOUNT_3, ExpectedVersion.noStream(), new Deposited(3), new Deposited(4));
        List<EventEnvelope> before = store().readAll(0, EventFilter.ALL, 100);
        long head = store().headPosition();

        Map<StreamId, ExpectedVersion> expected = new LinkedHashMap<>();
        expected.put(ACCOUNT_1, ExpectedVersion.exact(1));
        expected.put(ACCOUNT_2, ExpectedVersion.exact(1));
        expected.put(ACCOUNT_3, ExpectedVersion.exact(1)); // stale: it is at 2
        expected.put(StreamId.of("account-4"), ExpectedVersion.noStream());
        AppendRequest request = new AppendRequest(expected, List.of(
                pending(ACCOUNT_1, new Withdrawn(1)),
                pending(ACCOUNT_2, new Withdrawn(2)),
                pending(ACCOUNT_3, new Withdrawn(3)),
                pending(StreamId.of("account-4"), new Deposited(6))));

        assertThatThrownBy(() -> store().append(request))
                .isInstanceOfSatisfying(StreamVersionConflictException.class, conflict -> {
                    assertThat(conflict.streamId()).isEqualTo(ACCOUNT_3);
                    assertThat(conflict.actual()).isEqualTo(2);
                });
        assertThat(payloads(ACCOUNT_1)).containsExactly(new Deposited(1));
        assertThat(payloads(ACCOUNT_2)).containsExactly(new Deposited(2));
        assertThat(payloads(ACCOUNT_3)).containsExactly(new Deposited(3), new Deposited(4));
        assertThat(store().readStream(StreamId.of("account-4"))).isEmpty();
        assertThat(store().headPosition()).isEqualTo(head);
        assertThat(store().readAll(0, EventFilter.ALL, 100)).isEqualTo(before);

        // The failed append consumed no version: the next correct append continues gap-free.
        AppendResult next = append(ACCOUNT_3, ExpectedVersion.exact(2), new Withdrawn(3));
        assertThat(next.events()).extracting(EventEnvelope::version).containsExactly(3L);
    }

    @Test
    void readingEventAsIncompatibleTypeFailsWithTypeMismatch() {
        append(ACCOUNT_1, ExpectedVersion.noStream(), new Deposited(1), new Noted("not money"));
        EventEnvelope noted = store().readStream(ACCOUNT_1).get(1);

        assertThatThrownBy(() -> noted.payloadAs(Deposited.class))
                .isInstanceOfSatisfying(EventTypeMismatchException.class, mismatch -> {
                    assertThat(mismatch.streamId()).isEqualTo(ACCOUNT_1);
                    assertThat(mismatch.version()).isEqualTo(2);
                    assertThat(mismatch).hasMessageContaining("test-noted").hasMessageContaining(Deposited.class.getName());
                });
        assertThat(noted.payloadAs(Event.class)).isEqualTo(new Noted("not money"));
    }

    // ---- reading streams ---------------------------------------------------------------------

    @Test
    void readStreamAfterVersionReturnsOnlyLaterEvents() {
        append(ACCOUNT_1, ExpectedVersion.noStream(), notes(5));
        List<EventEnvelope> received = new ArrayList<>();

        store().readStream(ACCOUNT_1, 3, received::add);

        assertThat(received).extracting(EventEnvelope::version).containsExactly(4L, 5L);
        assertThat(received).extracting(EventEnvelope::payload).containsExactly(new Noted("note-4"), new Noted("note-5"));
    }

    @Test
    void readStreamAfterLastVersionReturnsNothing() {
        append(ACCOUNT_1, ExpectedVersion.noStream(), notes(3));
        List<EventEnvelope> atEnd = new ArrayList<>();
        List<EventEnvelope> beyondEnd = new ArrayList<>();

        store().readStream(ACCOUNT_1, 3, atEnd::add);
        store().readStream(ACCOUNT_1, 10, beyondEnd::add);

        assertThat(atEnd).isEmpty();
        assertThat(beyondEnd).isEmpty();
    }

    @Test
    void readStreamsReturnsStreamsGroupedInRequestOrder() {
        // Interleaved appends, so the global order differs from the requested one.
        for (int round = 1; round <= 3; round++) {
            for (StreamId stream : List.of(ACCOUNT_1, ACCOUNT_2, ACCOUNT_3)) {
                append(stream, ExpectedVersion.exact(round - 1), new Noted(stream + "#" + round));
            }
        }
        List<EventEnvelope> received = new ArrayList<>();

        store().readStreams(List.of(
                StreamRead.all(ACCOUNT_3),
                StreamRead.all(StreamId.of("missing")),
                StreamRead.all(ACCOUNT_1),
                new StreamRead(ACCOUNT_2, 1)), received::add);

        assertThat(received).extracting(event -> ((Noted) event.payload()).text()).containsExactly(
                "account-3#1", "account-3#2", "account-3#3",
                "account-1#1", "account-1#2", "account-1#3",
                "account-2#2", "account-2#3");
    }

    // ---- reading the global log --------------------------------------------------------------

    @Test
    void readAllReturnsAppendsInCommitOrder() {
        append(ACCOUNT_2, ExpectedVersion.noStream(), new Noted("1"));
        append(ACCOUNT_1, ExpectedVersion.noStream(), new Noted("2"), new Noted("3"));
        append(ACCOUNT_2, ExpectedVersion.exact(1), new Noted("4"));
        append(ACCOUNT_3, ExpectedVersion.any(), new Noted("5"));

        List<EventEnvelope> all = store().readAll(0, EventFilter.ALL, 100);

        assertThat(all).extracting(EventEnvelope::payload)
                .containsExactly(new Noted("1"), new Noted("2"), new Noted("3"), new Noted("4"), new Noted("5"));
        assertThat(all).extracting(EventEnvelope::position).isSorted().doesNotHaveDuplicates();
        assertThat(all).extracting(EventEnvelope::streamId)
                .containsExactly(ACCOUNT_2, ACCOUNT_1, ACCOUNT_1, ACCOUNT_2, ACCOUNT_3);
    }

    @Test
    void readAllOfEmptyStoreReturnsNothing() {
        assertThat(store().readAll(0, EventFilter.ALL, 10)).isEmpty();
    }

    @Test
    void readAllAfterPositionReturnsExactlyTheLaterEvents() {
        append(ACCOUNT_1, ExpectedVersion.noStream(), notes(3));
        long checkpoint = store().headPosition();
        append(ACCOUNT_2, ExpectedVersion.noStream(), new Noted("later-1"));
        append(ACCOUNT_1, ExpectedVersion.exact(3), new Noted("later-2"));

        List<EventEnvelope> later = store().readAll(checkpoint, EventFilter.ALL, 100);
        long thirdPosition = store().readStream(ACCOUNT_1).get(1).position();

        assertThat(later).extracting(EventEnvelope::payload).containsExactly(new Noted("later-1"), new Noted("later-2"));
        assertThat(later).allSatisfy(event -> assertThat(event.position()).isGreaterThan(checkpoint));
        assertThat(store().readAll(thirdPosition, EventFilter.ALL, 100)).extracting(EventEnvelope::payload)
                .containsExactly(new Noted("note-3"), new Noted("later-1"), new Noted("later-2"));
        assertThat(store().readAll(store().headPosition(), EventFilter.ALL, 100)).isEmpty();
    }

    @Test
    void readAllHonoursLimitAndPagesThroughEveryEvent() {
        append(ACCOUNT_1, ExpectedVersion.noStream(), notes(10));

        List<EventEnvelope> firstPage = store().readAll(0, EventFilter.ALL, 3);
        List<Object> paged = new ArrayList<>();
        long checkpoint = 0;
        int pages = 0;
        while (true) {
            List<EventEnvelope> page = store().readAll(checkpoint, EventFilter.ALL, 3);
            pages++;
            page.forEach(event -> paged.add(event.payload()));
            if (page.size() < 3) {
                break;
            }
            checkpoint = page.get(page.size() - 1).position();
        }

        assertThat(firstPage).extracting(EventEnvelope::payload)
                .containsExactly(new Noted("note-1"), new Noted("note-2"), new Noted("note-3"));
        assertThat(paged).containsExactlyElementsOf(List.of(notes(10)));
        assertThat(pages).isEqualTo(4);
    }

    @Test
    void readAllRejectsLimitBelowOne() {
        assertThatThrownBy(() -> store().readAll(0, EventFilter.ALL, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void prefixFilterMatchesStartOfStreamIdNotAnyPart() {
        append(StreamId.of("account-1"), ExpectedVersion.any(), new Noted("a1"));
        append(StreamId.of("my-account-2"), ExpectedVersion.any(), new Noted("m2"));
        append(StreamId.of("account-2"), ExpectedVersion.any(), new Noted("a2"));
        append(StreamId.of("xaccount-3"), ExpectedVersion.any(), new Noted("x3"));

        assertThat(texts(store().readAll(0, EventFilter.streamPrefix("account-"), 100))).containsExactly("a1", "a2");
    }

    @Test
    void globStarMatchesAnyRunOfCharacters() {
        append(StreamId.of("order-1"), ExpectedVersion.any(), new Noted("o1"));
        append(StreamId.of("order-12"), ExpectedVersion.any(), new Noted("o12"));
        append(StreamId.of("order-"), ExpectedVersion.any(), new Noted("o"));
        append(StreamId.of("my-order-1"), ExpectedVersion.any(), new Noted("m1"));

        assertThat(texts(store().readAll(0, EventFilter.streamPattern("order-*"), 100))).containsExactly("o1", "o12", "o");
        assertThat(texts(store().readAll(0, EventFilter.streamPattern("*order-1"), 100))).containsExactly("o1", "m1");
    }

    @Test
    void globQuestionMarkMatchesExactlyOneCharacter() {
        append(StreamId.of("order-1"), ExpectedVersion.any(), new Noted("o1"));
        append(StreamId.of("order-12"), ExpectedVersion.any(), new Noted("o12"));
        append(StreamId.of("order-"), ExpectedVersion.any(), new Noted("o"));
        append(StreamId.of("order-x"), ExpectedVersion.any(), new Noted("ox"));

        assertThat(texts(store().readAll(0, EventFilter.streamPattern("order-?"), 100))).containsExactly("o1", "ox");
    }

    @Test
    void globCharacterClassFilterAppliesBeforeLimit() {
        // Matching streams come last, so a limit applied before the filter would return nothing.
        for (int i = 0; i < 5; i++) {
            append(StreamId.of("user-" + i), ExpectedVersion.any(), new Noted("u" + i));
            append(StreamId.of("order-x" + i), ExpectedVersion.any(), new Noted("ox" + i));
        }
        append(StreamId.of("order-7"), ExpectedVersion.any(), new Noted("o7"));
        append(StreamId.of("order-a"), ExpectedVersion.any(), new Noted("oa"));
        append(StreamId.of("order-3"), ExpectedVersion.any(), new Noted("o3"));
        append(StreamId.of("order-5"), ExpectedVersion.any(), new Noted("o5"));

        assertThat(texts(store().readAll(0, EventFilter.streamPattern("order-[0-9]"), 2))).containsExactly("o7", "o3");
        assertThat(texts(store().readAll(0, EventFilter.streamPattern("order-[0-9]"), 100))).containsExactly("o7", "o3", "o5");
    }

    @Test
    void typeFilterReturnsOnlyThoseTypesAndAppliesBeforeLimit() {
        append(ACCOUNT_1, ExpectedVersion.noStream(), new Noted("n1"), new Noted("n2"), new Noted("n3"),
                new Deposited(10), new Noted("n4"), new Withdrawn(4), new Deposited(20));

        assertThat(store().readAll(0, EventFilter.types("test-deposited"), 2)).extracting(EventEnvelope::payload)
                .containsExactly(new Deposited(10), new Deposited(20));
        assertThat(store().readAll(0, EventFilter.types("test-deposited", "test-withdrawn"), 100))
                .extracting(EventEnvelope::payload)
                .containsExactly(new Deposited(10), new Withdrawn(4), new Deposited(20));
        assertThat(store().readAll(0, EventFilter.types("no-such-type"), 100)).isEmpty();
    }

    @Test
    void combinedFiltersMustAllMatch() {
        append(StreamId.of("account-1"), ExpectedVersion.any(), new Deposited(1), new Noted("a"));
        append(StreamId.of("order-1"), ExpectedVersion.any(), new Deposited(2));

        EventFilter filter = EventFilter.streamPrefix("account-").withTypes(Set.of("test-deposited"));

        assertThat(store().readAll(0, filter, 100)).extracting(EventEnvelope::payload).containsExactly(new Deposited(1));
    }

    @Test
    void headPositionIsZeroWhenEmptyAndLastPositionAfterAppends() {
        assertThat(store().headPosition()).isZero();

        append(ACCOUNT_1, ExpectedVersion.noStream(), new Noted("a"), new Noted("b"));
        AppendResult last = append(ACCOUNT_2, ExpectedVersion.noStream(), new Noted("c"));

        assertThat(store().headPosition()).isEqualTo(last.events().get(0).position());
        assertThat(store().readAll(store().headPosition(), EventFilter.ALL, 10)).isEmpty();
    }

    // ---- appends decided after others ---------------------------------------------------------

    @Test
    void appendsEnqueuedEachAfterThePreviousCommitInOrder() {
        QueuedAppend first = enqueue(ACCOUNT_1, ExpectedVersion.noStream(), List.of(), new Deposited(1));
        QueuedAppend second = enqueue(ACCOUNT_1, ExpectedVersion.exact(1), List.of(first), new Deposited(2));
        QueuedAppend third = enqueue(ACCOUNT_1, ExpectedVersion.exact(2), List.of(second), new Deposited(3));

        assertThat(third.await().streamVersions()).isEqualTo(Map.of(ACCOUNT_1, 3L));
        assertThat(first.await().events()).extracting(EventEnvelope::version).containsExactly(1L);
        assertThat(second.await().events()).extracting(EventEnvelope::version).containsExactly(2L);
        assertThat(List.of(first, second, third)).allMatch(QueuedAppend::committed);
        assertThat(payloads(ACCOUNT_1)).containsExactly(new Deposited(1), new Deposited(2), new Deposited(3));
    }

    @Test
    void appendEnqueuedAfterOneThatConflictsIsRefusedThoughItsExpectationMatchesTheOtherWritersEvents() {
        append(ACCOUNT_1, ExpectedVersion.noStream(), new Deposited(1));
        // another writer took version 2 before either append below is checked
        append(ACCOUNT_1, ExpectedVersion.exact(1), new Noted("other writer"));

        QueuedAppend stale = enqueue(ACCOUNT_1, ExpectedVersion.exact(1), List.of(), new Withdrawn(1));
        // decided on the state after the stale append: version 2 is what it assumes that one wrote
        QueuedAppend decidedOnIt = enqueue(ACCOUNT_1, ExpectedVersion.exact(2), List.of(stale), new Withdrawn(2));

        assertThatThrownBy(stale::await).isInstanceOf(StreamVersionConflictException.class);
        assertThatThrownBy(decidedOnIt::await).isInstanceOf(StreamVersionConflictException.class)
                .satisfies(e -> assertThat(((StreamVersionConflictException) e).streamId()).isEqualTo(ACCOUNT_1));
        assertThat(decidedOnIt.isDone()).isTrue();
        assertThat(decidedOnIt.committed()).isFalse();
        assertThat(payloads(ACCOUNT_1)).containsExactly(new Deposited(1), new Noted("other writer"));
    }

    @Test
    void appendEnqueuedAfterOneThatAlreadyFailedIsRefused() {
        append(ACCOUNT_1, ExpectedVersion.noStream(), new Deposited(1));
        QueuedAppend failed = enqueue(ACCOUNT_1, ExpectedVersion.noStream(), List.of(), new Deposited(2));
        assertThatThrownBy(failed::await).isInstanceOf(StreamVersionConflictException.class);

        QueuedAppend after = enqueue(ACCOUNT_1, ExpectedVersion.exact(1), List.of(failed), new Deposited(3));

        assertThatThrownBy(after::await).isInstanceOf(StreamVersionConflictException.class);
        assertThat(payloads(ACCOUNT_1)).containsExactly(new Deposited(1));
        // the refusal left the stream as it was: an append that expects it now is written
        assertThat(append(ACCOUNT_1, ExpectedVersion.exact(1), new Deposited(4)).streamVersions())
                .isEqualTo(Map.of(ACCOUNT_1, 2L));
    }

    @Test
    void appendEnqueuedAfterAnAppendToAnotherStreamWaitsForItsOutcome() {
        append(ACCOUNT_2, ExpectedVersion.noStream(), new Deposited(1));
        QueuedAppend conflicting = enqueue(ACCOUNT_2, ExpectedVersion.noStream(), List.of(), new Deposited(2));
        QueuedAppend committing = enqueue(ACCOUNT_3, ExpectedVersion.noStream(), List.of(), new Deposited(3));

        QueuedAppend afterConflict = enqueue(ACCOUNT_1, ExpectedVersion.noStream(), List.of(conflicting),
                new Deposited(4));
        QueuedAppend afterCommit = enqueue(ACCOUNT_1, ExpectedVersion.noStream(), List.of(committing),
                new Deposited(5));

        assertThatThrownBy(afterConflict::await).isInstanceOf(StreamVersionConflictException.class);
        assertThat(afterCommit.await().streamVersions()).isEqualTo(Map.of(ACCOUNT_1, 1L));
        assertThat(payloads(ACCOUNT_1)).containsExactly(new Deposited(5));
    }

    // ---- concurrency -------------------------------------------------------------------------

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void concurrentAppendsToOverlappingStreamsNeverProduceGapsOrDuplicateVersions() throws Exception {
        int threads = 8;
        int appendsPerThread = 25;
        List<StreamId> streams = IntStream.rangeClosed(1, 4).mapToObj(i -> StreamId.of("counter-" + i)).toList();

        List<List<String>> written = runConcurrently(threads, thread -> {
            Random random = new Random(thread);
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < appendsPerThread; i++) {
                // One or two streams per append, so appends overlap on some streams and not others.
                StreamId first = streams.get(random.nextInt(streams.size()));
                StreamId second = streams.get(random.nextInt(streams.size()));
                List<StreamId> targets = first.equals(second) ? List.of(first) : List.of(first, second);
                String text = "t" + thread + "-" + i;
                retryOnConflict(() -> {
                    Map<StreamId, ExpectedVersion> expected = new LinkedHashMap<>();
                    List<PendingEvent> events = new ArrayList<>();
                    for (StreamId target : targets) {
                        expected.put(target, ExpectedVersion.exact(currentVersion(target)));
                        events.add(pending(target, new Noted(text)));
                    }
                    store().append(new AppendRequest(expected, events));
                });
                targets.forEach(target -> texts.add(target + "/" + text));
            }
            return texts;
        });

        List<String> expectedTexts = written.stream().flatMap(List::stream).toList();
        List<String> storedTexts = new ArrayList<>();
        for (StreamId stream : streams) {
            List<EventEnvelope> events = store().readStream(stream);
            assertThat(events).extracting(EventEnvelope::version)
                    .as("versions of %s", stream)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
            events.forEach(event -> storedTexts.add(stream + "/" + ((Noted) event.payload()).text()));
        }
        assertThat(storedTexts).containsExactlyInAnyOrderElementsOf(expectedTexts);

        List<EventEnvelope> all = readWholeLog();
        assertThat(all).hasSize(expectedTexts.size());
        assertThat(all).extracting(EventEnvelope::position).isSorted().doesNotHaveDuplicates();
        assertThat(all).extracting(EventEnvelope::eventId).doesNotHaveDuplicates();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void concurrentTransfersKeepTotalMoneyConstantAndNoBalanceNegative() throws Exception {
        int accounts = 4;
        long opening = 1_000;
        int threads = 8;
        int transfersPerThread = 20;
        List<StreamId> ids = IntStream.rangeClosed(1, accounts).mapToObj(i -> StreamId.of("bank-" + i)).toList();
        for (StreamId id : ids) {
            append(id, ExpectedVersion.noStream(), new Deposited(opening));
        }

        runConcurrently(threads, thread -> {
            Random random = new Random(1000 + thread);
            for (int i = 0; i < transfersPerThread; i++) {
                int from = random.nextInt(accounts);
                int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
                long amount = 1 + random.nextInt(400);
                StreamId source = ids.get(from);
                StreamId target = ids.get(to);
                retryOnConflict(() -> {
                    Map<StreamId, long[]> state = readBalances(List.of(source, target));
                    long[] sourceState = state.get(source);
                    long[] targetState = state.get(target);
                    if (sourceState[0] < amount) {
                        return; // insufficient funds: the transfer is declined, nothing to write
                    }
                    store().append(new AppendRequest(
                            ordered(source, ExpectedVersion.exact(sourceState[1]),
                                    target, ExpectedVersion.exact(targetState[1])),
                            List.of(pending(source, new Withdrawn(amount)), pending(target, new Deposited(amount)))));
                });
            }
            return null;
        });

        Map<StreamId, long[]> finalState = readBalances(ids);
        long total = finalState.values().stream().mapToLong(state -> state[0]).sum();
        assertThat(total).isEqualTo(accounts * opening);
        assertThat(finalState.values()).allSatisfy(state -> assertThat(state[0]).isNotNegative());
        List<EventEnvelope> log = readWholeLog();
        assertThat(log).extracting(EventEnvelope::position).isSorted().doesNotHaveDuplicates();
        // Every transfer wrote its debit and credit together.
        assertThat(log.stream().filter(event -> event.payload() instanceof Withdrawn).count())
                .isEqualTo(log.stream().filter(event -> event.payload() instanceof Deposited).count() - accounts);
        assertThat(log.stream().filter(event -> event.payload() instanceof Withdrawn).count()).isPositive();
    }

    // ---- helpers -----------------------------------------------------------------------------

    /**
     * An event with a random id and no metadata, named by {@link #eventTypes()}.
     *
     * @param stream target stream
     * @param payload the event
     * @return the pending event
     */
    protected static PendingEvent pending(StreamId stream, Event payload) {
        return new PendingEvent(UUID.randomUUID(), stream, TYPES.nameOf(payload.getClass()), payload, EventMetadata.EMPTY);
    }

    /**
     * Appends events to one stream.
     *
     * @param stream the stream
     * @param expected its expected version
     * @param payloads the events
     * @return what was written
     */
    protected final AppendResult append(StreamId stream, ExpectedVersion expected, Event... payloads) {
        return store().append(AppendRequest.of(stream, expected,
                Arrays.stream(payloads).map(payload -> pending(stream, payload)).toList()));
    }

    private QueuedAppend enqueue(StreamId stream, ExpectedVersion expected, List<QueuedAppend> after,
            Event... payloads) {
        return store().enqueue(AppendRequest.of(stream, expected,
                Arrays.stream(payloads).map(payload -> pending(stream, payload)).toList()), after);
    }

    private List<Object> payloads(StreamId stream) {
        return store().readStream(stream).stream().map(EventEnvelope::payload).toList();
    }

    private static List<String> texts(List<EventEnvelope> events) {
        return events.stream().map(event -> ((Noted) event.payload()).text()).toList();
    }

    private static Event[] notes(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> new Noted("note-" + i)).toArray(Event[]::new);
    }

    private static Map<StreamId, ExpectedVersion> ordered(StreamId first, ExpectedVersion firstExpected,
            StreamId second, ExpectedVersion secondExpected) {
        Map<StreamId, ExpectedVersion> expected = new LinkedHashMap<>();
        expected.put(first, firstExpected);
        expected.put(second, secondExpected);
        return expected;
    }

    private long currentVersion(StreamId stream) {
        long[] version = {0};
        store().readStream(stream, 0, event -> version[0] = event.version());
        return version[0];
    }

    /** Balance and version of each account, read in one call. */
    private Map<StreamId, long[]> readBalances(List<StreamId> accounts) {
        Map<StreamId, long[]> state = new LinkedHashMap<>();
        accounts.forEach(account -> state.put(account, new long[2]));
        store().readStreams(accounts.stream().map(StreamRead::all).toList(), event -> {
            long[] account = state.get(event.streamId());
            if (event.payload() instanceof Deposited deposited) {
                account[0] += deposited.amount();
            } else if (event.payload() instanceof Withdrawn withdrawn) {
                account[0] -= withdrawn.amount();
            }
            account[1] = event.version();
        });
        return state;
    }

    private List<EventEnvelope> readWholeLog() {
        List<EventEnvelope> all = new ArrayList<>();
        long checkpoint = 0;
        while (true) {
            List<EventEnvelope> page = store().readAll(checkpoint, EventFilter.ALL, 500);
            all.addAll(page);
            if (page.size() < 500) {
                return all;
            }
            checkpoint = page.get(page.size() - 1).position();
        }
    }

    private static void retryOnConflict(Runnable attempt) {
        for (int attempts = 1; ; attempts++) {
            try {
                attempt.run();
                return;
            } catch (StreamVersionConflictException conflict) {
                if (attempts == 10_000) {
                    throw new AssertionError("still conflicting after " + attempts + " attempts", conflict);
                }
                Thread.yield();
            }
        }
    }

    @FunctionalInterface
    private interface ThreadTask<T> {
        T run(int thread) throws Exception;
    }

    /** Runs one task per thread, all released at once, and returns their results in thread order. */
    private static <T> List<T> runConcurrently(int threads, ThreadTask<T> task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                int index = thread;
                Callable<T> call = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(executor.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }
}
