package io.eventcore;

/**
 * A command declared or discovered more streams than the executor allows for one command.
 */
public final class StreamLimitExceededException extends EventCoreException {

    private static final long serialVersionUID = 1L;

    private final int limit;

    /**
     * Creates the exception.
     *
     * @param command the command's name
     * @param limit the maximum number of streams per command
     */
    public StreamLimitExceededException(String command, int limit) {
        super("command %s needs more than %d streams (the configured maximum per command)".formatted(command, limit),
                null);
        this.limit = limit;
    }

    /** @return the maximum number of streams per command */
    public int limit() {
        return limit;
    }
}
