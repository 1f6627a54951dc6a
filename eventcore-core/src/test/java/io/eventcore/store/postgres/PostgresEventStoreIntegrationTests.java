package io.eventcore.store.postgres;

import static io.eventcore.store.postgres.PostgresTestSupport.note;
import static io.eventcore.store.postgres.PostgresTestSupport.noted;
import static io.eventcore.store.postgres.PostgresTestSupport.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.eventcore.CommitOutcomeUnknownException;
import io.eventcore.EventStoreException;
import io.eventcore.EventStoreUnavailableException;
import io.eventcore.StreamId;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventMetadata;
import io.eventcore.store.EventStoreListener;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.store.PendingEvent;
import io.eventcore.store.StreamRead;
import io.eventcore.testing.TestDatabase;
import io.eventcore.testing.TestEvents.Noted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PostgreSQL-specific behaviour of the store beyond the contract: encoding, paging, timestamps, listener. */
class PostgresEventStoreIntegrationTests {

    private static String schema = "";

    @BeforeAll
    static void createSchema() {
        schema = TestDatabase.get().createSchema(PostgresEventStoreIntegrationTests.class);
        try (PostgresEventStore store = store(TestDatabase.get().dataSource(), schema).build()) {
            store.initializeSchema();
        }
    }

    @AfterAll
    static void dropSchema() {
        TestDatabase.get().dropSchema(schema);
    }

    @Test
    void payloadAndMetadataWithQuotesBackslashesBracesAndUnicodeReadBackUnchanged() {
        StreamId stream = StreamId.of("encoding-1");
        String text = "quote \" backslash \\ comma , braces {} [] NULL null 'single' tab\t newline\n é 中 😀";
        EventMetadata metadata = new EventMetadata(UUID.randomUUID(), null, Map.of("k\"ey", text, "NULL", ""));
        try (PostgresEventStore store = store(TestDatabase.get().dataSource(), schema).build()) {
            store.append(AppendRequest.of(stream, ExpectedVersion.noStream(), List.of(
                    new PendingEvent(UUID.randomUUID(), stream, "test-noted", new Noted(text), metadata),
                    noted(stream, "second"))));

            List<EventEnvelope> read = store.readStream(stream);

            assertThat(read.get(0).payload()).isEqualTo(new Noted(text));
            assertThat(read.get(0).metadata()).isEqualTo(metadata);
            assertThat(read.get(1).metadata()).isEqualTo(EventMetadata.EMPTY);
        }
    }

    @Test
    void payloadThatJsonbCannotStoreFailsItsAppendAsStoreErrorNotAsUnknownOrUnavailable() {
        StreamId stream = StreamId.of("nul-1");
        try (PostgresEventStore store = store(TestDatabase.get().dataSource(), schema).build()) {
            Throwable failure = catchThrowable(() -> store.append(note(stream, 0, "nul \u0000 char")));

            assertThat(failure).isInstanceOf(EventStoreException.class)
                    .isNotInstanceOf(CommitOutcomeUnknownException.class)
                    .isNotInstanceOf(EventStoreUnavailableException.class);
            assertThat(store.readStream(stream)).isEmpty();
            assertThat(store.append(note(stream, 0, "fine")).events()).hasSize(1);
        }
    }

    @Test
    void readStreamsPagesThroughLongStreamsInRequestOrderWithAnyFetchSize() {
        StreamId a = StreamId.of("paging-a");
        StreamId b = StreamId.of("paging-b");
        StreamId c = StreamId.of("paging-c");
        try (PostgresEventStore writer = store(TestDatabase.get().dataSource(), schema).build();
                PostgresEventStore pagedByThree = store(TestDatabase.get().dataSource(), schema).fetchSize(3).build()) {
            appendNotes(writer, a, 7);
            appendNotes(writer, c, 3);
            appendNotes(writer, b, 5);
            List<StreamRead> reads = List.of(new StreamRead(c, 0), new StreamRead(a, 2), StreamRead.all(StreamId.of("paging-none")),
                    new StreamRead(b, 4), StreamRead.all(a));

            List<String> whole = new ArrayList<>();
            writer.readStreams(reads, e -> whole.add(e.streamId() + "@" + e.version()));
            List<String> paged = new ArrayList<>();
            pagedByThree.readStreams(reads, e -> paged.add(e.streamId() + "@" + e.version()));
            List<Long> single = new ArrayList<>();
            pagedByThree.readStream(a, 1, e -> single.add(e.version()));

            assertThat(whole).containsExactly("paging-c@1", "paging-c@2", "paging-c@3",
                    "paging-a@3", "paging-a@4", "paging-a@5", "paging-a@6", "paging-a@7",
                    "paging-b@5",
                    "paging-a@1", "paging-a@2", "paging-a@3", "paging-a@4", "paging-a@5", "paging-a@6", "paging-a@7");
            assertThat(paged).isEqualTo(whole);
            assertThat(single).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
        }
    }

    @Test
    void recordedAtComesFromTheDatabaseAndIsSharedByTheEventsOfOneTransaction() {
        StreamId stream = StreamId.of("time-1");
        try (PostgresEventStore store = store(TestDatabase.get().dataSource(), schema).build()) {
            Instant before = databaseNow();
            List<EventEnvelope> written = store.append(AppendRequest.of(stream, ExpectedVersion.noStream(),
                    List.of(noted(stream, "1"), noted(stream, "2")))).events();
            Instant after = databaseNow();

            assertThat(written.get(0).recordedAt()).isBetween(before, after).isEqualTo(written.get(1).recordedAt());
            assertThat(store.readStream(stream)).extracting(EventEnvelope::recordedAt)
                    .containsOnly(written.get(0).recordedAt());
        }
    }

    @Test
    void listenerHearsEveryAppendReadAndBatch() {
        StreamId stream = StreamId.of("listened-1");
        AtomicInteger appended = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger readEvents = new AtomicInteger();
        AtomicInteger batches = new AtomicInteger();
        EventStoreListener listener = new EventStoreListener() {
            @Override
            public void appended(Duration duration, int events, boolean success) {
                (success ? appended : failed).addAndGet(success ? events : 1);
            }

            @Override
            public void read(Duration duration, int events) {
                readEvents.addAndGet(events);
            }

            @Override
            public void batchCommitted(int appends) {
                batches.addAndGet(appends);
            }
        };
        try (PostgresEventStore store = store(TestDatabase.get().dataSource(), schema).listener(listener).build()) {
            store.append(note(stream, 0, "1"));
            store.append(note(stream, 1, "2"));
            catchThrowable(() -> store.append(note(stream, 0, "stale")));
            store.readStream(stream);

            assertThat(appended).hasValue(2);
            assertThat(failed).hasValue(1);
            assertThat(batches).hasValue(2);
            assertThat(readEvents).hasValue(2);
        }
    }

    private static void appendNotes(PostgresEventStore store, StreamId stream, int count) {
        List<PendingEvent> events = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            events.add(noted(stream, Integer.toString(i)));
        }
        store.append(AppendRequest.of(stream, ExpectedVersion.noStream(), events));
    }

    private static Instant databaseNow() {
        try (var connection = TestDatabase.get().dataSource().getConnection();
                var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
