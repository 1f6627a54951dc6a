package io.eventcore.store;

import io.eventcore.StreamId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An atomic multi-stream write: the version every participating stream must be at, and the events
 * to append.
 *
 * <p>Streams that receive no event are read-only participants: their versions are checked all the
 * same, which is what keeps write skew out. Every event's stream must have an expectation.
 *
 * @param expectedVersions the version each participating stream must be at, in a stable order
 * @param events the events to append, in order; may be empty (a pure version check)
 */
public record AppendRequest(Map<StreamId, ExpectedVersion> expectedVersions, List<PendingEvent> events) {

    /**
     * Validates the request.
     *
     * @throws IllegalArgumentException if there is no participating stream, or an event targets
     *     a stream without an expectation
     */
    public AppendRequest {
        Objects.requireNonNull(expectedVersions, "expectedVersions must not be null");
        if (expectedVersions.isEmpty()) {
            throw new IllegalArgumentException("expectedVersions must name at least one stream");
        }
        expectedVersions = Collections.unmodifiableMap(new LinkedHashMap<>(expectedVersions));
        events = List.copyOf(events);
        for (PendingEvent event : events) {
            if (!expectedVersions.containsKey(event.streamId())) {
                throw new IllegalArgumentException(
                        "event for stream '" + event.streamId() + "' has no expected version in the request");
            }
        }
    }

    /**
     * A write to a single stream.
     *
     * @param stream the stream
     * @param expected the version it must be at
     * @param events the events to append
     * @return the request
     */
    public static AppendRequest of(StreamId stream, ExpectedVersion expected, List<PendingEvent> events) {
        return new AppendRequest(Map.of(stream, expected), events);
    }
}
