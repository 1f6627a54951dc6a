package io.eventcore;

/**
 * Every attempt of a command ended in a version conflict. The last conflict is the cause.
 */
public final class RetriesExhaustedException extends EventCoreException {

    private static final long serialVersionUID = 1L;

    private final String command;
    private final int attempts;

    /**
     * Creates the exception.
     *
     * @param command the command's name
     * @param attempts how many attempts were made
     * @param lastConflict the conflict that ended the last attempt
     */
    public RetriesExhaustedException(String command, int attempts, StreamVersionConflictException lastConflict) {
        super("command %s gave up after %d attempts: %s".formatted(command, attempts, lastConflict.getMessage()),
                lastConflict);
        this.command = command;
        this.attempts = attempts;
    }

    /** @return the command's name */
    public String command() {
        return command;
    }

    /** @return how many attempts were made */
    public int attempts() {
        return attempts;
    }

    /** @return the conflict that ended the last attempt */
    public StreamVersionConflictException lastConflict() {
        return (StreamVersionConflictException) getCause();
    }
}
