package io.eventcore.autoconfigure.projection;

import io.eventcore.autoconfigure.actuate.ProjectionEndpointContributor;
import io.eventcore.projection.ProjectionManager;
import io.eventcore.projection.ProjectionStatus;
import java.util.List;
import java.util.Optional;

/** Shows and operates the projections of one {@link ProjectionManager} in the {@code eventcore} endpoint. */
final class ManagerProjectionEndpointContributor implements ProjectionEndpointContributor {

    private final ProjectionManager manager;

    ManagerProjectionEndpointContributor(ProjectionManager manager) {
        this.manager = manager;
    }

    @Override
    public List<ProjectionStatus> projections() {
        return manager.statuses();
    }

    @Override
    public Optional<ProjectionStatus> projection(String name) {
        return manager.status(name);
    }

    @Override
    public Optional<ProjectionStatus> pause(String name) {
        if (manager.status(name).isEmpty()) {
            return Optional.empty();
        }
        manager.pause(name);
        return manager.status(name);
    }

    @Override
    public Optional<ProjectionStatus> resume(String name) {
        if (manager.status(name).isEmpty()) {
            return Optional.empty();
        }
        manager.resume(name);
        return manager.status(name);
    }

    @Override
    public Optional<ProjectionStatus> reset(String name, long position) {
        if (manager.status(name).isEmpty()) {
            return Optional.empty();
        }
        manager.reset(name, position);
        return manager.status(name);
    }
}
