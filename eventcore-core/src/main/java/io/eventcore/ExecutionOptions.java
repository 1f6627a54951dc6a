package io.eventcore;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Per-execution settings: the ids stamped on every event written, free-form attributes, and an
 * optional timeout.
 *
 * @param correlationId stamped on every event; a new one is generated when {@code null}
 * @param causationId stamped on every event; the execution's command id when {@code null}
 * @param attributes metadata stamped on every event (an event's own attributes win)
 * @param timeout the execution fails with {@link DeadlineExceededException} once this has passed;
 *     {@code null} for none
 */
public record ExecutionOptions(
        @Nullable UUID correlationId,
        @Nullable UUID causationId,
        Map<String, String> attributes,
        @Nullable Duration timeout) {

    /** No ids given, no attributes, no timeout. */
    public static final ExecutionOptions DEFAULTS = new ExecutionOptions(null, null, Map.of(), null);

    /** Validates and copies the arguments. */
    public ExecutionOptions {
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes must not be null"));
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /**
     * These options with a correlation id.
     *
     * @param id the correlation id
     * @return new options
     */
    public ExecutionOptions withCorrelationId(UUID id) {
        return new ExecutionOptions(id, causationId, attributes, timeout);
    }

    /**
     * These options with a causation id.
     *
     * @param id the causation id
     * @return new options
     */
    public ExecutionOptions withCausationId(UUID id) {
        return new ExecutionOptions(correlationId, id, attributes, timeout);
    }

    /**
     * These options with attributes.
     *
     * @param attributes metadata for every event written
     * @return new options
     */
    public ExecutionOptions withAttributes(Map<String, String> attributes) {
        return new ExecutionOptions(correlationId, causationId, attributes, timeout);
    }

    /**
     * These options with a timeout.
     *
     * @param timeout the timeout
     * @return new options
     */
    public ExecutionOptions withTimeout(Duration timeout) {
        return new ExecutionOptions(correlationId, causationId, attributes, timeout);
    }
}
