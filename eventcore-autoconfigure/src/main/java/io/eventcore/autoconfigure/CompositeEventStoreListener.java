package io.eventcore.autoconfigure;

import io.eventcore.store.EventStoreListener;
import java.time.Duration;
import java.util.List;

/** Passes every callback to several listeners, in order. */
final class CompositeEventStoreListener implements EventStoreListener {

    private final EventStoreListener[] listeners;

    private CompositeEventStoreListener(List<EventStoreListener> listeners) {
        this.listeners = listeners.toArray(EventStoreListener[]::new);
    }

    static EventStoreListener of(List<EventStoreListener> listeners) {
        return switch (listeners.size()) {
            case 0 -> EventStoreListener.NONE;
            case 1 -> listeners.get(0);
            default -> new CompositeEventStoreListener(listeners);
        };
    }

    @Override
    public void appended(Duration duration, int events, boolean success) {
        for (EventStoreListener listener : listeners) {
            listener.appended(duration, events, success);
        }
    }

    @Override
    public void read(Duration duration, int events) {
        for (EventStoreListener listener : listeners) {
            listener.read(duration, events);
        }
    }

    @Override
    public void batchCommitted(int appends) {
        for (EventStoreListener listener : listeners) {
            listener.batchCommitted(appends);
        }
    }
}
