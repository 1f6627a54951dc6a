package io.eventcore.internal.postgres;

import io.eventcore.CommitOutcomeUnknownException;
import io.eventcore.EventStoreException;
import io.eventcore.EventStoreUnavailableException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.jspecify.annotations.Nullable;

/**
 * Maps JDBC failures to EventCore's typed exceptions, keeping the {@link SQLException} as cause.
 * Internal: shared by the PostgreSQL store and the PostgreSQL projection classes, not API.
 */
public final class SqlFailures {

    private SqlFailures() {}

    /**
     * Whether a failure means the connection is gone (or never was), as opposed to an error the
     * database reported on a working connection.
     *
     * @param e the failure
     * @param connection the connection it happened on, if any
     * @return {@code true} for a lost or unreachable connection
     */
    public static boolean isConnectionFailure(SQLException e, @Nullable Connection connection) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // 08: connection exception; 57P01-57P03: the server is shutting down or terminated us
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
            }
        }
        return connection != null && isClosed(connection);
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /**
     * The failure of a read or of work before COMMIT: nothing was written.
     *
     * @param what what was being done, for the message
     * @param e the failure
     * @param connection the connection it happened on, if any, to tell a closed one
     * @return {@link EventStoreUnavailableException} for a lost connection, else {@link EventStoreException}
     */
    public static EventStoreException beforeCommit(String what, SQLException e, @Nullable Connection connection) {
        String message = what + " failed: " + describe(e);
        if (isConnectionFailure(e, connection)) {
            return new EventStoreUnavailableException(message, e);
        }
        return new EventStoreException(message, e);
    }

    /**
     * The failure of a COMMIT: on a lost connection nobody knows whether it was applied.
     *
     * @param what what was being committed, for the message
     * @param e the failure
     * @param connection the connection it happened on, if any
     * @return {@link CommitOutcomeUnknownException} for a lost connection, else {@link EventStoreException}
     */
    public static EventStoreException duringCommit(String what, SQLException e, @Nullable Connection connection) {
        if (isConnectionFailure(e, connection)) {
            return new CommitOutcomeUnknownException(
                    what + ": the connection failed during COMMIT, so whether it was written is unknown: "
                            + describe(e), e);
        }
        return new EventStoreException(what + " failed at COMMIT, nothing was written: " + describe(e), e);
    }

    /**
     * @param e a failure
     * @return its message with its SQLState, if it has one
     */
    public static String describe(SQLException e) {
        return e.getSQLState() == null ? String.valueOf(e.getMessage()) : e.getMessage() + " [SQLState " + e.getSQLState() + "]";
    }
}
