package io.eventcore.autoconfigure.projection;

import io.eventcore.autoconfigure.EventCoreProperties.InitializeSchema;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for projections, under {@code eventcore.projections.*}.
 *
 * <p>{@code batch-size}, {@code checkpoint-events} and {@code checkpoint-interval} are defaults:
 * they apply to {@code Projection} beans that leave the corresponding builder setting at its
 * built-in value (256 events, 100 events, 1 second); a projection that sets its own keeps it.
 */
// Defaults are literals (equal to core's, which a test checks) so the generated metadata shows them.
@ConfigurationProperties("eventcore.projections")
public class EventCoreProjectionsProperties {

    /**
     * Whether Projection beans are registered with a ProjectionManager and started when the
     * application context is refreshed.
     */
    private boolean enabled = true;

    /**
     * How long a caught-up projection waits for a notification of new events before it reads
     * anyway; the fallback when notifications are lost or unsupported.
     */
    private Duration pollInterval = Duration.ofSeconds(1);

    /**
     * How often a standby instance asks for the leadership of a projection another instance runs;
     * bounds how long a projection stays without a runner after its leader dies.
     */
    private Duration standbyRetryInterval = Duration.ofSeconds(5);

    /**
     * Longest round trip on the PostgreSQL lock connection before the leaderships on it count as
     * lost and their projections stop; at least 1 second.
     */
    private Duration leadershipValidationTimeout = Duration.ofSeconds(5);

    /**
     * How long shutdown waits for each projection to finish the event in hand and save its
     * checkpoint before its thread is interrupted.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(10);

    /**
     * How long an operator's reset (Actuator or ProjectionManager#reset) waits for the projection
     * to move.
     */
    private Duration operationTimeout = Duration.ofSeconds(30);

    /**
     * Default number of events read per page, and handled per transaction by transactional
     * projections.
     */
    private int batchSize = 256;

    /**
     * Default number of events an at-least-once projection handles before it saves its checkpoint.
     */
    private int checkpointEvents = 100;

    /**
     * Default longest time an at-least-once projection's checkpoint trails the handled events.
     */
    private Duration checkpointInterval = Duration.ofSeconds(1);

    /**
     * When to create the PostgreSQL checkpoint tables: always, embedded or never. Follows
     * eventcore.postgres.initialize-schema when not set.
     */
    private @Nullable InitializeSchema initializeSchema;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public Duration getStandbyRetryInterval() {
        return standbyRetryInterval;
    }

    public void setStandbyRetryInterval(Duration standbyRetryInterval) {
        this.standbyRetryInterval = standbyRetryInterval;
    }

    public Duration getLeadershipValidationTimeout() {
        return leadershipValidationTimeout;
    }

    public void setLeadershipValidationTimeout(Duration leadershipValidationTimeout) {
        this.leadershipValidationTimeout = leadershipValidationTimeout;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public Duration getOperationTimeout() {
        return operationTimeout;
    }

    public void setOperationTimeout(Duration operationTimeout) {
        this.operationTimeout = operationTimeout;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public int getCheckpointEvents() {
        return checkpointEvents;
    }

    public void setCheckpointEvents(int checkpointEvents) {
        this.checkpointEvents = checkpointEvents;
    }

    public Duration getCheckpointInterval() {
        return checkpointInterval;
    }

    public void setCheckpointInterval(Duration checkpointInterval) {
        this.checkpointInterval = checkpointInterval;
    }

    public @Nullable InitializeSchema getInitializeSchema() {
        return initializeSchema;
    }

    public void setInitializeSchema(@Nullable InitializeSchema initializeSchema) {
        this.initializeSchema = initializeSchema;
    }
}
