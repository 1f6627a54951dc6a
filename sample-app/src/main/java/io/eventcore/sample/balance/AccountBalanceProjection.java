package io.eventcore.sample.balance;

import io.eventcore.projection.TransactionalProjectionHandler;
import io.eventcore.sample.account.AccountEvent;
import io.eventcore.sample.account.AccountEvent.AccountOpened;
import io.eventcore.sample.account.AccountEvent.Movement;
import io.eventcore.sample.account.AccountId;
import io.eventcore.store.EventEnvelope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * Writes account events into {@code sample_account_balance}, and the position it has reached into
 * {@code sample_read_model_position}, through the projection's own transaction: rows, position and
 * checkpoint commit together, so the listing always matches the position it reports.
 *
 * <p>Events carry the balance after them, so a row is simply overwritten; replaying from any
 * position converges on the same rows.
 */
final class AccountBalanceProjection implements TransactionalProjectionHandler {

    /** The projection's name: its checkpoint, its lock and its row in the position table. */
    static final String NAME = "account-balances";

    private static final String INSERT_ACCOUNT_SQL = """
            INSERT INTO sample_account_balance (account_id, owner, balance, version, updated_at)
            VALUES (?, ?, 0, ?, ?)
            ON CONFLICT (account_id) DO NOTHING
            """;

    private static final String UPDATE_BALANCE_SQL = """
            UPDATE sample_account_balance SET balance = ?, version = ?, updated_at = ?
            WHERE account_id = ?
            """;

    private static final String SAVE_POSITION_SQL = """
            INSERT INTO sample_read_model_position (name, position) VALUES (?, ?)
            ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position
            """;

    private static final String DELETE_ACCOUNTS_SQL = "DELETE FROM sample_account_balance";

    @Override
    public void handle(EventEnvelope event, Connection connection) throws SQLException {
        AccountId account = AccountId.fromStream(event.streamId());
        Object payload = event.payload();
        if (account != null && payload instanceof AccountEvent) {
            Timestamp at = Timestamp.from(event.recordedAt());
            if (payload instanceof AccountOpened opened) {
                try (PreparedStatement insert = connection.prepareStatement(INSERT_ACCOUNT_SQL)) {
                    insert.setString(1, account.value());
                    insert.setString(2, opened.owner());
                    insert.setLong(3, event.version());
                    insert.setTimestamp(4, at);
                    insert.executeUpdate();
                }
            } else if (payload instanceof Movement movement) {
                try (PreparedStatement update = connection.prepareStatement(UPDATE_BALANCE_SQL)) {
                    update.setLong(1, movement.balance());
                    update.setLong(2, event.version());
                    update.setTimestamp(3, at);
                    update.setString(4, account.value());
                    update.executeUpdate();
                }
            }
        }
        savePosition(connection, event.position());
    }

    @Override
    public void reset(long position, Connection connection) throws SQLException {
        if (position == 0) {
            try (PreparedStatement delete = connection.prepareStatement(DELETE_ACCOUNTS_SQL)) {
                delete.executeUpdate();
            }
        }
        // From a later position the rows stay: replayed events overwrite them with their balances.
        savePosition(connection, position);
    }

    private static void savePosition(Connection connection, long position) throws SQLException {
        try (PreparedStatement save = connection.prepareStatement(SAVE_POSITION_SQL)) {
            save.setString(1, NAME);
            save.setLong(2, position);
            save.executeUpdate();
        }
    }
}
