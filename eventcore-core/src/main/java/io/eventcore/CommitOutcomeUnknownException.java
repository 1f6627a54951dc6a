package io.eventcore;

/**
 * The connection failed while a commit was in flight, so whether the events were written is
 * unknown. Never reported as success or as a conflict; callers should check the stream before
 * repeating the command. Not retried automatically.
 */
public final class CommitOutcomeUnknownException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause the underlying failure
     */
    public CommitOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
