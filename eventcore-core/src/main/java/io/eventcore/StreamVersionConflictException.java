package io.eventcore;

import io.eventcore.store.AppendRequest;
import io.eventcore.store.ExpectedVersion;
import java.util.Map;

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

    private StreamVersionConflictException(StreamId streamId, ExpectedVersion expected, long actual, String message,
            Throwable cause) {
        super(message, cause);
        this.streamId = streamId;
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * The conflict of an append that was decided after another append which then did not commit:
     * its expectation assumed events that were never written.
     *
     * @param streamId the stream whose expected version assumed the other append's events
     * @param expected that expectation
     * @param failure why the other append did not commit
     * @return the conflict, with {@link #actual} -1: the stream's version was not read
     */
    public static StreamVersionConflictException afterFailedAppend(StreamId streamId, ExpectedVersion expected,
            Throwable failure) {
        return new StreamVersionConflictException(streamId, expected, -1,
                "stream '%s' expected %s after an append that did not commit: %s".formatted(streamId, expected,
                        failure.getMessage()), failure);
    }

    /**
     * The same for a whole append, on its first stream.
     *
     * @param request the append that must not be written
     * @param failure why the append it was decided after did not commit
     * @return the conflict
     */
    public static StreamVersionConflictException afterFailedAppend(AppendRequest request, Throwable failure) {
        Map.Entry<StreamId, ExpectedVersion> first = request.expectedVersions().entrySet().iterator().next();
        return afterFailedAppend(first.getKey(), first.getValue(), failure);
    }

    /** @return the stream whose version differed */
    public StreamId streamId() {
        return streamId;
    }

    /** @return the version the append expected */
    public ExpectedVersion expected() {
        return expected;
    }

    /**
     * @return the stream's actual version when the append was checked; -1 when the append was
     *     refused because an append it was decided after did not commit
     */
    public long actual() {
        return actual;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
