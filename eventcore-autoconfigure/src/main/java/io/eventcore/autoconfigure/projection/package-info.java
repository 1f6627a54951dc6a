/**
 * Spring Boot wiring of projections: every {@link io.eventcore.projection.Projection} bean is
 * registered with one {@link io.eventcore.projection.ProjectionManager} and runs once the context
 * is refreshed, with PostgreSQL checkpoints and leadership when the event store is PostgreSQL.
 *
 * <p>Start with {@link io.eventcore.autoconfigure.projection.EventCoreProjectionsAutoConfiguration}
 * for what is created and {@link io.eventcore.autoconfigure.projection.EventCoreProjectionsProperties}
 * for the {@code eventcore.projections.*} settings.
 */
@NullMarked
package io.eventcore.autoconfigure.projection;

import org.jspecify.annotations.NullMarked;
