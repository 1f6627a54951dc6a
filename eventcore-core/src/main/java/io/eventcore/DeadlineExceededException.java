package io.eventcore;

import java.time.Duration;

/**
 * A command's deadline passed before it could complete. Nothing was written by the attempt that
 * was cut short (a deadline is only checked between attempts and before an append).
 */
public final class DeadlineExceededException extends EventCoreException {

    private static final long serialVersionUID = 1L;

    private final int attempts;

    /**
     * Creates the exception.
     *
     * @param command the command's name
     * @param timeout the deadline, as a timeout from the start of the execution
     * @param attempts attempts made before the deadline passed
     */
    public DeadlineExceededException(String command, Duration timeout, int attempts) {
        super("command %s exceeded its deadline of %s after %d attempts".formatted(command, timeout, attempts), null);
        this.attempts = attempts;
    }

    /** @return attempts made before the deadline passed */
    public int attempts() {
        return attempts;
    }
}
