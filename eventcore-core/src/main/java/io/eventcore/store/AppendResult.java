package io.eventcore.store;

import io.eventcore.StreamId;
import java.util.List;
import java.util.Map;

/**
 * What an append wrote.
 *
 * @param events the stored events, in the order they were given, with versions and positions
 * @param streamVersions the version of every participating stream after the append
 */
public record AppendResult(List<EventEnvelope> events, Map<StreamId, Long> streamVersions) {

    /** Copies the arguments. */
    public AppendResult {
        events = List.copyOf(events);
        streamVersions = Map.copyOf(streamVersions);
    }
}
