/**
 * Micrometer binding for EventCore: command, store and stream-cache meters. The meter names users
 * alert on are listed in {@link io.eventcore.autoconfigure.metrics.EventCoreMetrics}.
 */
@NullMarked
package io.eventcore.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
