package io.eventcore.autoconfigure;

import io.eventcore.CommandExecutor;

/**
 * Adjusts the auto-configured {@link CommandExecutor} beyond what {@code eventcore.*} properties
 * express. Called, in bean order, after the properties have been applied to the builder.
 */
@FunctionalInterface
public interface CommandExecutorCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder, with properties already applied
     */
    void customize(CommandExecutor.Builder builder);
}
