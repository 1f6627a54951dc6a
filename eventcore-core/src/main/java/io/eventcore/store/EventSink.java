package io.eventcore.store;

/**
 * Receives events as a store streams them, without the store materializing the whole read.
 */
@FunctionalInterface
public interface EventSink {

    /**
     * Receives one event.
     *
     * @param event the event
     */
    void accept(EventEnvelope event);
}
