package io.eventcore.projection;

import java.util.Optional;

/**
 * Makes sure at most one runner per projection is active across every application instance that
 * shares the coordinator's backing store. Runners that do not get the leadership stay on standby
 * and ask again periodically. Implementations are safe for concurrent use.
 */
public interface ProjectionCoordinator {

    /**
     * Tries to become the active runner of a projection, without waiting. A second call for the
     * same name, from this coordinator or another one on the same backing store, gets nothing
     * until the first leadership is closed or lost.
     *
     * @param projection the projection's name
     * @return the leadership, or empty if another runner holds it
     * @throws io.eventcore.EventStoreException if the backing store cannot be reached
     */
    Optional<Leadership> tryAcquire(String projection);

    /**
     * The right to run one projection. Runners check {@link #isValid()} before every batch and
     * every checkpoint, and stop as soon as it says {@code false}.
     */
    interface Leadership extends AutoCloseable {

        /** @return the projection's name */
        String projection();

        /**
         * Checks that the leadership is still held, for example that the database session holding
         * a lock is alive and still holds it. May take a round trip; never throws.
         *
         * @return {@code false} once the leadership is lost or closed; it never comes back
         */
        boolean isValid();

        /** Gives the leadership up, so that a standby can take over. Idempotent; never throws. */
        @Override
        void close();
    }
}
