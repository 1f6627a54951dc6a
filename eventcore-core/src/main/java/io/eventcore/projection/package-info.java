/**
 * Projections: named handlers that turn the global event log into read models, with checkpoints,
 * failure policies and one active runner per projection across application instances.
 *
 * <p>Start with {@link io.eventcore.projection.Projection} to declare a projection and
 * {@link io.eventcore.projection.ProjectionManager} to run it. The SPIs
 * {@link io.eventcore.projection.CheckpointStore} and
 * {@link io.eventcore.projection.ProjectionCoordinator} have in-memory implementations here and
 * PostgreSQL ones in {@code io.eventcore.projection.postgres}.
 */
@NullMarked
package io.eventcore.projection;

import org.jspecify.annotations.NullMarked;
