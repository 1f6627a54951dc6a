package io.eventcore.store;

import io.eventcore.StreamId;
import java.util.Objects;

/**
 * One stream to read, and the version after which to start.
 *
 * @param streamId the stream
 * @param afterVersion only events with a greater version are read; 0 reads the whole stream
 */
public record StreamRead(StreamId streamId, long afterVersion) {

    /** Validates the arguments. */
    public StreamRead {
        Objects.requireNonNull(streamId, "streamId must not be null");
        if (afterVersion < 0) {
            throw new IllegalArgumentException("afterVersion must be at least 0, was " + afterVersion);
        }
    }

    /**
     * Reads a whole stream.
     *
     * @param streamId the stream
     * @return the read
     */
    public static StreamRead all(StreamId streamId) {
        return new StreamRead(streamId, 0);
    }
}
