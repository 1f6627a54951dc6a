package io.eventcore;

/**
 * A command's own business rule refused it (for example "insufficient funds"). Thrown from {@link
 * Command#decide}; never retried. Applications may subclass it to tell rejections apart.
 */
public class CommandRejectedException extends EventCoreException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    /**
     * Creates the exception.
     *
     * @param reason the command's own reason, shown to the caller
     */
    public CommandRejectedException(String reason) {
        super(reason, null);
        this.reason = reason;
    }

    /** @return the command's own reason */
    public String reason() {
        return reason;
    }
}
