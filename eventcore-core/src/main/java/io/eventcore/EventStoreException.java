package io.eventcore;

/**
 * The event store failed for a reason other than a version conflict: the database, the network,
 * or a constraint. The cause (for example the {@code SQLException}) is kept.
 */
public class EventStoreException extends EventCoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause the underlying failure
     */
    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
