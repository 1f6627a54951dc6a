/**
 * Multi-stream event sourcing: commands, the {@link io.eventcore.CommandExecutor} that runs them
 * with optimistic concurrency over every stream they read, and the exceptions it reports.
 *
 * <p>Start with {@link io.eventcore.Command} and {@link io.eventcore.CommandExecutor}.
 */
@NullMarked
package io.eventcore;

import org.jspecify.annotations.NullMarked;
