package io.eventcore;

import java.util.Set;

/**
 * A command decided an event for a stream it did not read. Nothing is written: writing to a stream
 * whose version was never checked would silently skip the concurrency check.
 */
public final class UndeclaredStreamException extends EventCoreException {

    private static final long serialVersionUID = 1L;

    private final StreamId streamId;

    /**
     * Creates the exception.
     *
     * @param command the command's name
     * @param streamId the stream the event targeted
     * @param readStreams the streams the command read
     */
    public UndeclaredStreamException(String command, StreamId streamId, Set<StreamId> readStreams) {
        super("command %s wrote to stream '%s', which it did not read; read streams: %s"
                .formatted(command, streamId, readStreams), null);
        this.streamId = streamId;
    }

    /** @return the stream the event targeted */
    public StreamId streamId() {
        return streamId;
    }
}
