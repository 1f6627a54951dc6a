package io.eventcore;

import io.eventcore.store.EventEnvelope;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a successful execution did.
 *
 * @param commandId id of this execution; the default causation id of its events
 * @param events the events written, with versions and positions; empty if the command decided
 *     none
 * @param streamVersions version of every stream the command read, after its append
 * @param attempts attempts it took, 1 if there was no conflict
 */
public record ExecutionResult(UUID commandId, List<EventEnvelope> events, Map<StreamId, Long> streamVersions,
        int attempts) {

    /** Copies the arguments. */
    public ExecutionResult {
        events = List.copyOf(events);
        streamVersions = Map.copyOf(streamVersions);
    }

    /**
     * Version of a stream after the execution.
     *
     * @param stream a stream the command read
     * @return its version, 0 if it has no events
     * @throws IllegalArgumentException if the command did not read the stream
     */
    public long versionOf(StreamId stream) {
        Long version = streamVersions.get(stream);
        if (version == null) {
            throw new IllegalArgumentException("stream '" + stream + "' was not part of this execution");
        }
        return version;
    }
}
