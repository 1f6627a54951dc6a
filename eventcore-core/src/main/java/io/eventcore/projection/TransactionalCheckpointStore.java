package io.eventcore.projection;

import java.sql.Connection;
import javax.sql.DataSource;

/**
 * A {@link CheckpointStore} in a relational database, whose checkpoints can be written in the
 * caller's transaction: what {@linkplain Projection.Delivery#TRANSACTIONAL transactional}
 * projections need. The runner opens a connection from {@link #dataSource()}, turns auto-commit
 * off, calls the handler and then the methods below on the same connection, and commits.
 */
public interface TransactionalCheckpointStore extends CheckpointStore {

    /** @return the database holding the checkpoints; handlers' read models live there too */
    DataSource dataSource();

    /**
     * {@link #compareAndSet(String, long, long)} in the caller's transaction. The row stays locked
     * until the transaction ends, so two runners' transactions on one projection serialize and
     * the second one sees {@code false}.
     *
     * @param connection a connection in a transaction, from {@link #dataSource()}
     * @param projection the projection's name
     * @param expected the position the caller last saved or loaded
     * @param position the new position
     * @return {@code true} if saved
     * @throws java.sql.SQLException if the database fails
     */
    boolean compareAndSet(Connection connection, String projection, long expected, long position)
            throws java.sql.SQLException;

    /**
     * {@link #save(String, long)} in the caller's transaction.
     *
     * @param connection a connection in a transaction, from {@link #dataSource()}
     * @param projection the projection's name
     * @param position the new position
     * @throws java.sql.SQLException if the database fails
     */
    void save(Connection connection, String projection, long position) throws java.sql.SQLException;

    /**
     * {@link #recordSkipped(SkippedEvent)} in the caller's transaction.
     *
     * @param connection a connection in a transaction, from {@link #dataSource()}
     * @param skipped the event
     * @throws java.sql.SQLException if the database fails
     */
    void recordSkipped(Connection connection, SkippedEvent skipped) throws java.sql.SQLException;
}
