package io.eventcore.store.postgres;

import io.eventcore.StreamId;
import io.eventcore.serialization.JacksonEventSerializer;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.EventMetadata;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.store.PendingEvent;
import io.eventcore.testing.TestEvents;
import io.eventcore.testing.TestEvents.Deposited;
import io.eventcore.testing.TestEvents.Noted;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Builders shared by the PostgreSQL store tests. */
final class PostgresTestSupport {

    private PostgresTestSupport() {}

    static PostgresEventStore.Builder store(DataSource dataSource, String schema) {
        return PostgresEventStore.builder(dataSource, new JacksonEventSerializer(TestEvents.registry())).schema(schema);
    }

    static PendingEvent noted(StreamId stream, String text) {
        return new PendingEvent(UUID.randomUUID(), stream, "test-noted", new Noted(text), EventMetadata.EMPTY);
    }

    static PendingEvent deposited(StreamId stream, long amount) {
        return new PendingEvent(UUID.randomUUID(), stream, "test-deposited", new Deposited(amount), EventMetadata.EMPTY);
    }

    static AppendRequest note(StreamId stream, long expectedVersion, String text) {
        return AppendRequest.of(stream, ExpectedVersion.exact(expectedVersion), List.of(noted(stream, text)));
    }
}
