package io.eventcore.autoconfigure.projection;

import io.eventcore.projection.ProjectionListener;
import io.eventcore.projection.ProjectionState;
import io.eventcore.projection.SkippedEvent;
import io.eventcore.store.EventEnvelope;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/** Passes every callback to several listeners in order; one that throws does not keep the others from theirs. */
final class CompositeProjectionListener implements ProjectionListener {

    private static final Log logger = LogFactory.getLog(CompositeProjectionListener.class);

    private final ProjectionListener[] listeners;

    private CompositeProjectionListener(List<ProjectionListener> listeners) {
        this.listeners = listeners.toArray(ProjectionListener[]::new);
    }

    static ProjectionListener of(List<ProjectionListener> listeners) {
        return switch (listeners.size()) {
            case 0 -> ProjectionListener.NONE;
            case 1 -> listeners.get(0);
            default -> new CompositeProjectionListener(listeners);
        };
    }

    private void each(Consumer<ProjectionListener> call) {
        for (ProjectionListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                logger.warn("projection listener " + listener + " failed", e);
            }
        }
    }

    @Override
    public void eventHandled(String projection, EventEnvelope event, Duration duration) {
        each(listener -> listener.eventHandled(projection, event, duration));
    }

    @Override
    public void eventFailed(String projection, long position, @Nullable String eventType, Throwable error,
            int attempts) {
        each(listener -> listener.eventFailed(projection, position, eventType, error, attempts));
    }

    @Override
    public void eventSkipped(SkippedEvent skipped) {
        each(listener -> listener.eventSkipped(skipped));
    }

    @Override
    public void checkpointSaved(String projection, long position) {
        each(listener -> listener.checkpointSaved(projection, position));
    }

    @Override
    public void stateChanged(String projection, ProjectionState from, ProjectionState to) {
        each(listener -> listener.stateChanged(projection, from, to));
    }
}
