package io.eventcore.autoconfigure.actuate;

import io.eventcore.projection.ProjectionStatus;
import java.util.List;
import java.util.Optional;

/**
 * Plugs projections into the {@code eventcore} Actuator endpoint. When a bean of this type exists,
 * {@code GET /actuator/eventcore} lists its projections, {@code GET /actuator/eventcore/{name}}
 * shows one, and {@code POST /actuator/eventcore/{name}} runs an operator action on it (see {@link
 * EventCoreEndpoint#changeProjection}). Without one, the endpoint lists no projections.
 *
 * <p>Implementations must be thread-safe; every method may be called from a web request thread.
 */
public interface ProjectionEndpointContributor {

    /**
     * Status of every projection known to this application instance.
     *
     * @return the statuses, in a stable order
     */
    List<ProjectionStatus> projections();

    /**
     * Status of one projection.
     *
     * @param name the projection's name
     * @return its status, or empty if there is no such projection
     */
    default Optional<ProjectionStatus> projection(String name) {
        return projections().stream().filter(status -> status.name().equals(name)).findFirst();
    }

    /**
     * Pauses a projection: it handles no event until resumed.
     *
     * @param name the projection's name
     * @return its status after the request, or empty if there is no such projection
     */
    Optional<ProjectionStatus> pause(String name);

    /**
     * Resumes a paused or failed projection.
     *
     * @param name the projection's name
     * @return its status after the request, or empty if there is no such projection
     */
    Optional<ProjectionStatus> resume(String name);

    /**
     * Resets a projection so that it handles every event after {@code position} again.
     *
     * @param name the projection's name
     * @param position the position to restart after, 0 to rebuild from the beginning
     * @return its status after the request, or empty if there is no such projection
     */
    Optional<ProjectionStatus> reset(String name, long position);
}
