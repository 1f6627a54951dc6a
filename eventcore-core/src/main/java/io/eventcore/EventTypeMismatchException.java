package io.eventcore;

/**
 * An event was read as a type it is not an instance of, for example a command whose {@link
 * Command#eventType()} does not cover every event on a stream it reads.
 */
public final class EventTypeMismatchException extends EventCoreException {

    private static final long serialVersionUID = 1L;

    private final StreamId streamId;
    private final long version;

    /**
     * Creates the exception.
     *
     * @param streamId stream of the event
     * @param version version of the event in its stream
     * @param storedType the stored type name
     * @param expected the type it was read as
     */
    public EventTypeMismatchException(StreamId streamId, long version, String storedType, Class<?> expected) {
        super("event %d of stream '%s' has type '%s', which is not a %s"
                .formatted(version, streamId, storedType, expected.getName()), null);
        this.streamId = streamId;
        this.version = version;
    }

    /** @return stream of the event */
    public StreamId streamId() {
        return streamId;
    }

    /** @return version of the event in its stream */
    public long version() {
        return version;
    }
}
