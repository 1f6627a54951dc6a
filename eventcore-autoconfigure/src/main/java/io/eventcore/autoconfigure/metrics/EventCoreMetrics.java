package io.eventcore.autoconfigure.metrics;

/**
 * Names and tags of every meter EventCore publishes through Micrometer: the names to alert on.
 *
 * <p>Names follow Micrometer's conventions (lowercase, dotted, no units: the registry adds them).
 * Tag values are bounded: a command's {@link io.eventcore.Command#name() name} and an outcome,
 * never a stream id.
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
