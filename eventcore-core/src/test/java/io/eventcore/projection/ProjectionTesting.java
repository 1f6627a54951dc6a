package io.eventcore.projection;

import io.eventcore.StreamId;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventFilter;
import io.eventcore.store.EventMetadata;
import io.eventcore.store.EventStore;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.store.PendingEvent;
import io.eventcore.testing.TestEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Helpers shared by the projection tests, in-memory and PostgreSQL. */
public final class ProjectionTesting {

    /** Longest wait of {@link #await}; generous because the build machine is shared and slow. */
    public static final Duration AWAIT = Duration.ofSeconds(30);

    private ProjectionTesting() {}

    /**
     * Appends one event to a stream without a version check.
     *
     * @return the stored event
     */
    public static EventEnvelope append(EventStore store, String stream, Object payload) {
        String type = TestEvents.registry().nameOf(payload.getClass());
        StreamId id = StreamId.of(stream);
        PendingEvent event = new PendingEvent(UUID.randomUUID(), id, type, payload, EventMetadata.EMPTY);
        return store.append(AppendRequest.of(id, ExpectedVersion.any(), List.of(event))).events().get(0);
    }

    /** Waits until the condition holds, failing with the description after {@link #AWAIT}. */
    public static void await(String description, BooleanSupplier condition) {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + description);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + description, e);
            }
        }
    }

    /** Waits until a projection has passed the store's head as it is now. */
    public static void awaitCaughtUp(ProjectionManager manager, String projection, EventStore store) {
        long head = store.headPosition();
        await(projection + " reaches position " + head,
                () -> manager.status(projection).orElseThrow().position() >= head);
    }

    /** Every event of the log that passes the filter, in position order. */
    public static List<EventEnvelope> readAll(EventStore store, EventFilter filter) {
        List<EventEnvelope> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<EventEnvelope> page = store.readAll(after, filter, 500);
            all.addAll(page);
            if (page.size() < 500) {
                return all;
            }
            after = page.get(page.size() - 1).position();
        }
    }

    /** Balance per stream: deposits minus withdrawals. */
    public static Map<String, Long> balances(List<EventEnvelope> events) {
        Map<String, Long> balances = new HashMap<>();
        for (EventEnvelope event : events) {
            apply(balances, event);
        }
        return balances;
    }

    /** Applies one event to a balance map. */
    public static void apply(Map<String, Long> balances, EventEnvelope event) {
        long delta = event.payload() instanceof TestEvents.Deposited deposited ? deposited.amount()
                : event.payload() instanceof TestEvents.Withdrawn withdrawn ? -withdrawn.amount() : 0;
        balances.merge(event.streamId().value(), delta, Long::sum);
    }

    /** An Error thrown by a handler to stand in for the process dying after the handler's work. */
    public static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        /** Creates the error. */
        public SimulatedCrash() {
            super("simulated crash");
        }
    }
}
