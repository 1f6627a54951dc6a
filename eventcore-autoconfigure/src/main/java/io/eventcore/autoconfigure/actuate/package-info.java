/**
 * Actuator support for EventCore: the {@code eventcore} endpoint ({@link
 * io.eventcore.autoconfigure.actuate.EventCoreEndpoint}) with the settings in force and live command
 * statistics, and the {@code eventcore} health indicator. Projections plug into the endpoint through
 * {@link io.eventcore.autoconfigure.actuate.ProjectionEndpointContributor}.
 */
@NullMarked
package io.eventcore.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
