package io.eventcore.projection;

import io.eventcore.store.EventEnvelope;
import java.sql.Connection;

/**
 * Handles the events of a {@linkplain Projection.Delivery#TRANSACTIONAL transactional}
 * projection: every write made through the given connection commits in the same transaction as
 * the projection's checkpoint, so each event is applied exactly once.
 *
 * <p>Called on the projection's own thread, one event at a time, in global position order. The
 * connection is in a transaction ({@code autoCommit} off) that covers a batch of events; the
 * handler must not commit, roll back or close it. If the handler throws, the whole batch is
 * rolled back and the events before the failing one are applied again in a new transaction. In a
 * Spring application, {@code new JdbcTemplate(new SingleConnectionDataSource(connection, true))}
 * gives a template bound to the transaction.
 */
@FunctionalInterface
public interface TransactionalProjectionHandler {

    /**
     * Handles one event inside the checkpoint's transaction.
     *
     * @param event the event with its stream, version, position, time and metadata
     * @param connection the connection of the transaction that also saves the checkpoint
     * @throws Exception to report a failure; the batch's transaction is rolled back and the
     *     projection's {@link FailurePolicy} decides what happens next
     */
    void handle(EventEnvelope event, Connection connection) throws Exception;

    /**
     * Clears the read model before a reset or rebuild, in the transaction that also moves the
     * checkpoint. Does nothing by default.
     *
     * @param position the position the projection restarts after; 0 for a full rebuild
     * @param connection the connection of the transaction that moves the checkpoint
     * @throws Exception if the read model cannot be cleared; the transaction is rolled back and
     *     nothing changes
     */
    default void reset(long position, Connection connection) throws Exception {}
}
