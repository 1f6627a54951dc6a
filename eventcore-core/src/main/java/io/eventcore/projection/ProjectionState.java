package io.eventcore.projection;

/** Where a projection's runner is in its life. */
public enum ProjectionState {
    /** Registered; the runner has not run yet. */
    STARTING,
    /** Another runner (usually on another instance) holds the leadership; this one waits to take over. */
    STANDBY,
    /** Leader, reading a backlog: the last page was full. */
    CATCHING_UP,
    /** Leader and caught up: waiting for new events. */
    LIVE,
    /** Leader, waiting to try a failed event or a failed read again. */
    RETRYING,
    /** Paused by an operator; resumes on {@link ProjectionManager#resume}. */
    PAUSED,
    /** Stopped by its failure policy or by an {@link Error}; see the last error. */
    FAILED,
    /** The manager was closed. */
    STOPPED
}
