package io.eventcore.testing;

import io.eventcore.EventType;
import io.eventcore.serialization.EventTypeRegistry;

/**
 * Small events used by the test kit: the {@link io.eventcore.store.AbstractEventStoreContractTests
 * EventStore contract suite} and the {@link CommandFixture} tests. They are plain records with
 * stable {@link EventType} names, so every store can serialize them, for example through {@code
 * new JacksonEventSerializer(TestEvents.registry())}.
 */
public final class TestEvents {

    private TestEvents() {}

    /**
     * A registry holding every test event type.
     *
     * @return a new registry
     */
    public static EventTypeRegistry registry() {
        return new EventTypeRegistry().register(Event.class);
    }

    /** Every test event. */
    public sealed interface Event permits Noted, Deposited, Withdrawn {}

    /**
     * A piece of text written to a stream; the contract suite's general-purpose event.
     *
     * @param text the text
     */
    @EventType("test-noted")
    public record Noted(String text) implements Event {}

    /**
     * Money paid into an account.
     *
     * @param amount the amount, positive
     */
    @EventType("test-deposited")
    public record Deposited(long amount) implements Event {}

    /**
     * Money taken out of an account.
     *
     * @param amount the amount, positive
     */
    @EventType("test-withdrawn")
    public record Withdrawn(long amount) implements Event {}
}
