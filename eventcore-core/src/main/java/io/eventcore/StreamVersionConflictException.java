package io.eventcore;

import io.eventcore.store.ExpectedVersion;

/**
 * A stream was not at the version an append expected, so nothing was written. The executor
 * retries these; they reach callers only through {@link RetriesExhaustedException} or from a
 * direct {@link io.eventcore.store.EventStore#append} call.
 */
public final class StreamVersionConflictException extends EventCoreException {

    private static final long serialVersionUID = 1L;

    private final StreamId streamId;
    private final ExpectedVersion expected;
    private final long actual;

    /**
     * Creates the exception.
     *
     * @param streamId the stream whose version differed
     * @param expected the version the append expected
     * @param actual the stream's actual current version (0 for a stream without events)
     */
    public StreamVersionConflictException(StreamId streamId, ExpectedVersion expected, long actual) {
        super("stream '%s' is at version %d, expected %s".formatted(streamId, actual, expected), null);
        this.streamId = streamId;
        this.expected = expected;
        this.actual = actual;
    }

    /** @return the stream whose version differed */
    public StreamId streamId() {
        return streamId;
    }

    /** @return the version the append expected */
    public ExpectedVersion expected() {
        return expected;
    }

    /** @return the stream's actual version when the append was checked */
    public long actual() {
        return actual;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
