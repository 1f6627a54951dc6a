package io.eventcore.autoconfigure;

import io.eventcore.CommandListener;
import io.eventcore.CommandRejectedException;
import io.eventcore.ExecutionResult;
import io.eventcore.StreamVersionConflictException;
import java.time.Duration;
import java.util.List;

/** Passes every callback to several listeners, in order. */
final class CompositeCommandListener implements CommandListener {

    private final CommandListener[] listeners;

    private CompositeCommandListener(List<CommandListener> listeners) {
        this.listeners = listeners.toArray(CommandListener[]::new);
    }

    static CommandListener of(List<CommandListener> listeners) {
        return switch (listeners.size()) {
            case 0 -> CommandListener.NONE;
            case 1 -> listeners.get(0);
            default -> new CompositeCommandListener(listeners);
        };
    }

    @Override
    public void started(String command, int streams) {
        for (CommandListener listener : listeners) {
            listener.started(command, streams);
        }
    }

    @Override
    public void succeeded(String command, ExecutionResult result, int streams, Duration duration) {
        for (CommandListener listener : listeners) {
            listener.succeeded(command, result, streams, duration);
        }
    }

    @Override
    public void rejected(String command, CommandRejectedException rejection, Duration duration) {
        for (CommandListener listener : listeners) {
            listener.rejected(command, rejection, duration);
        }
    }

    @Override
    public void failed(String command, Throwable error, Duration duration) {
        for (CommandListener listener : listeners) {
            listener.failed(command, error, duration);
        }
    }

    @Override
    public void retrying(String command, int attempt, StreamVersionConflictException conflict, Duration delay) {
        for (CommandListener listener : listeners) {
            listener.retrying(command, attempt, conflict, delay);
        }
    }
}
