package io.eventcore.projection;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ProjectionCoordinator} within one JVM: one leadership per projection name among every
 * runner that shares this instance. For the in-memory event store and tests; applications with
 * several instances need the PostgreSQL coordinator. Thread-safe.
 */
public final class InMemoryProjectionCoordinator implements ProjectionCoordinator {

    private final Map<String, InMemoryLeadership> leaders = new ConcurrentHashMap<>();

    /** Creates a coordinator with no leaders. */
    public InMemoryProjectionCoordinator() {}

    @Override
    public Optional<Leadership> tryAcquire(String projection) {
        Objects.requireNonNull(projection, "projection must not be null");
        InMemoryLeadership candidate = new InMemoryLeadership(projection);
        InMemoryLeadership current = leaders.putIfAbsent(projection, candidate);
        return current == null ? Optional.of(candidate) : Optional.empty();
    }

    /**
     * Takes a projection's leadership away from its holder, as a lost database session would: the
     * holder's {@link Leadership#isValid()} turns {@code false} and a standby can acquire it. For
     * tests of failover.
     *
     * @param projection the projection's name
     * @return {@code true} if someone held it
     */
    public boolean revoke(String projection) {
        return leaders.remove(Objects.requireNonNull(projection, "projection must not be null")) != null;
    }

    @Override
    public String toString() {
        return "InMemoryProjectionCoordinator" + leaders.keySet();
    }

    /** One held leadership; valid while it is the map's entry for its name. */
    private final class InMemoryLeadership implements Leadership {

        private final String projection;

        InMemoryLeadership(String projection) {
            this.projection = projection;
        }

        @Override
        public String projection() {
            return projection;
        }

        @Override
        public boolean isValid() {
            return leaders.get(projection) == this;
        }

        @Override
        public void close() {
            leaders.remove(projection, this);
        }

        @Override
        public String toString() {
            return "Leadership[" + projection + "]";
        }
    }
}
