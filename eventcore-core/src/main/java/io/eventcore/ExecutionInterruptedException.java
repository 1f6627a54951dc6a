package io.eventcore;

/**
 * The executing thread was interrupted while waiting (for a stream lock or a retry backoff).
 * Nothing was written by the interrupted attempt; the thread's interrupt flag is set again.
 */
public final class ExecutionInterruptedException extends EventCoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param command the command's name
     * @param cause the interruption
     */
    public ExecutionInterruptedException(String command, InterruptedException cause) {
        super("command " + command + " was interrupted", cause);
    }
}
