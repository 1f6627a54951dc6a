package io.eventcore.autoconfigure.projection;

import io.eventcore.projection.ProjectionManager;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Starts every {@link ProjectionManager} bean once the context is refreshed and closes them when it
 * stops, before singletons (the DataSource among them) are destroyed.
 */
final class ProjectionManagerLifecycle implements SmartLifecycle {

    private final ObjectProvider<ProjectionManager> managers;
    private volatile boolean running;

    ProjectionManagerLifecycle(ObjectProvider<ProjectionManager> managers) {
        this.managers = managers;
    }

    @Override
    public void start() {
        managers.orderedStream().forEach(ProjectionManager::start);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        // Closing is final: a manager cannot be restarted, so a stopped context runs no projections.
        List<ProjectionManager> all = managers.orderedStream().toList();
        all.forEach(ProjectionManager::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
