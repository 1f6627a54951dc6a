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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

    /**
     * Returns once some backend of the test database waits for a lock, so that a test knows an
     * append it started is blocked on the transaction it holds.
     *
     * @param what what the append waits for, for the failure message
     */
    static void awaitLockWait(String what) throws InterruptedException, SQLException {
        try (Connection observer = TestDataSources.rawConnection(); Statement statement = observer.createStatement()) {
            for (int i = 0; i < 1_000; i++) {
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("the append never waited for " + what);
    }
}
