package io.eventcore.autoconfigure.metrics;

/**
 * Names and tags of every meter EventCore publishes through Micrometer: the names to alert on.
 *
 * <p>Names follow Micrometer's conventions (lowercase, dotted, no units: the registry adds them).
 * Tag values are bounded: a command's {@link io.eventcore.Command#name() name}, a projection's
 * name and an outcome, never a stream id.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>Name</th><th>Type</th><th>Tags</th><th>What it measures</th></tr>
 *   <tr><td>{@value #COMMANDS}</td><td>timer</td><td>{@value #COMMAND_TAG}, {@value #OUTCOME_TAG}</td>
 *       <td>command executions, retries included; outcome {@value #SUCCESS}, {@value #REJECTED},
 *       {@value #CONFLICT} (retries exhausted) or {@value #ERROR}</td></tr>
 *   <tr><td>{@value #COMMAND_RETRIES}</td><td>counter</td><td>{@value #COMMAND_TAG}</td>
 *       <td>version conflicts that were retried</td></tr>
 *   <tr><td>{@value #EVENTS_APPENDED}</td><td>counter</td><td>{@value #COMMAND_TAG}</td>
 *       <td>events written by commands</td></tr>
 *   <tr><td>{@value #STORE_APPEND}</td><td>timer</td><td>{@value #OUTCOME_TAG} ({@value #SUCCESS},
 *       {@value #ERROR})</td><td>appends, queueing for group commit included</td></tr>
 *   <tr><td>{@value #STORE_READ}</td><td>timer</td><td></td><td>stream and log reads</td></tr>
 *   <tr><td>{@value #STORE_BATCH_SIZE}</td><td>distribution summary</td><td></td>
 *       <td>appends committed together by one group commit</td></tr>
 *   <tr><td>{@code cache.gets}, {@code cache.size}, {@code cache.evictions}, ...</td><td>Micrometer's
 *       Caffeine binder</td><td>{@code cache}={@value #STREAM_CACHE}</td><td>the executor's stream cache;
 *       {@code cache.gets{result=hit|miss}} gives the hit ratio</td></tr>
 *   <tr><td>{@value #PROJECTION_LAG}</td><td>gauge</td><td>{@value #PROJECTION_TAG}</td>
 *       <td>positions between the projection and the head of the log, in events</td></tr>
 *   <tr><td>{@value #PROJECTION_LAG_TIME}</td><td>time gauge</td><td>{@value #PROJECTION_TAG}</td>
 *       <td>age of the oldest event the projection has not handled yet; 0 when caught up</td></tr>
 *   <tr><td>{@value #PROJECTION_EVENTS}</td><td>counter</td><td>{@value #PROJECTION_TAG}</td>
 *       <td>events handled (committed, for transactional projections)</td></tr>
 *   <tr><td>{@value #PROJECTION_HANDLER}</td><td>timer</td><td>{@value #PROJECTION_TAG}</td>
 *       <td>time in the handler per event</td></tr>
 *   <tr><td>{@value #PROJECTION_ERRORS}</td><td>counter</td><td>{@value #PROJECTION_TAG}</td>
 *       <td>failed attempts at an event (handler or decoding); the failure policy decides what follows</td></tr>
 *   <tr><td>{@value #PROJECTION_SKIPPED}</td><td>counter</td><td>{@value #PROJECTION_TAG}</td>
 *       <td>events skipped under the failure policy</td></tr>
 *   <tr><td>{@value #PROJECTION_LEADER}</td><td>gauge</td><td>{@value #PROJECTION_TAG}</td>
 *       <td>1 while this instance runs the projection, 0 on standby</td></tr>
 * </table>
 */
public final class EventCoreMetrics {

    /** Timer of command executions. */
    public static final String COMMANDS = "eventcore.commands";

    /** Counter of version conflicts that were retried. */
    public static final String COMMAND_RETRIES = "eventcore.command.retries";

    /** Counter of events written by commands. */
    public static final String EVENTS_APPENDED = "eventcore.events.appended";

    /** Timer of store appends. */
    public static final String STORE_APPEND = "eventcore.store.append";

    /** Timer of store reads. */
    public static final String STORE_READ = "eventcore.store.read";

    /** Distribution summary of the number of appends per group commit. */
    public static final String STORE_BATCH_SIZE = "eventcore.store.batch.size";

    /** Value of the {@code cache} tag of the stream cache's meters. */
    public static final String STREAM_CACHE = "eventcore.stream-versions";

    /** Gauge of a projection's lag in events. */
    public static final String PROJECTION_LAG = "eventcore.projection.lag";

    /** Time gauge of the age of a projection's oldest unhandled event. */
    public static final String PROJECTION_LAG_TIME = "eventcore.projection.lag.time";

    /** Counter of events a projection handled. */
    public static final String PROJECTION_EVENTS = "eventcore.projection.events";

    /** Timer of a projection's handler, per event. */
    public static final String PROJECTION_HANDLER = "eventcore.projection.handler";

    /** Counter of failed attempts at a projection's events. */
    public static final String PROJECTION_ERRORS = "eventcore.projection.errors";

    /** Counter of events a projection skipped. */
    public static final String PROJECTION_SKIPPED = "eventcore.projection.skipped";

    /** Gauge: 1 while this instance is a projection's leader, 0 otherwise. */
    public static final String PROJECTION_LEADER = "eventcore.projection.leader";

    /** Tag holding the projection's name. */
    public static final String PROJECTION_TAG = "projection";

    /** Tag holding the command's name. */
    public static final String COMMAND_TAG = "command";

    /** Tag holding how an execution or an append ended. */
    public static final String OUTCOME_TAG = "outcome";

    /** Outcome: the command wrote (or decided nothing), or the append was written. */
    public static final String SUCCESS = "success";

    /** Outcome: the command's business rule rejected it. */
    public static final String REJECTED = "rejected";

    /** Outcome: every attempt ended in a version conflict. */
    public static final String CONFLICT = "conflict";

    /** Outcome: any other failure. */
    public static final String ERROR = "error";

    private EventCoreMetrics() {
    }
}
