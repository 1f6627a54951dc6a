package io.eventcore.sample.balance;

import io.eventcore.projection.ProjectionManager;
import io.eventcore.projection.ProjectionStatus;
import io.eventcore.sample.balance.BalanceListing.ProjectionInfo;
import io.eventcore.store.EventStore;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the balance read model. Eventually consistent: the listing trails the event store by
 * however far the projection is behind, and says how far with its position. Thread-safe.
 */
@Service
public class AccountBalances {

    private static final String SELECT_POSITION_SQL = """
            SELECT position FROM sample_read_model_position WHERE name = ?
            """;

    private static final String SELECT_BALANCES_SQL = """
            SELECT account_id, owner, balance, version FROM sample_account_balance ORDER BY account_id
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;
    private final EventStore store;
    private final ObjectProvider<ProjectionManager> projections;

    /**
     * Creates the query.
     *
     * @param jdbc the read model's database
     * @param transactions runs the listing in one snapshot
     * @param store the event store, for the head position
     * @param projections the projection manager, if one runs here, for the live status
     */
    public AccountBalances(JdbcTemplate jdbc, PlatformTransactionManager transactions, EventStore store,
            ObjectProvider<ProjectionManager> projections) {
        this.jdbc = jdbc;
        this.store = store;
        this.projections = projections;
        this.snapshot = new TransactionTemplate(transactions);
        // Rows and position are written in one transaction; one repeatable-read snapshot reads them consistently.
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
    }

    /**
     * Lists every account.
     *
     * @return the rows with the position they reflect
     */
    public BalanceListing list() {
        long head = store.headPosition();
        Listing listing = Objects.requireNonNull(snapshot.execute(status -> {
            List<Long> positions = jdbc.queryForList(SELECT_POSITION_SQL, Long.class, AccountBalanceProjection.NAME);
            List<AccountBalance> rows = jdbc.query(SELECT_BALANCES_SQL, (rs, i) -> new AccountBalance(
                    rs.getString("account_id"), rs.getString("owner"), rs.getLong("balance"), rs.getLong("version")));
            return new Listing(positions.isEmpty() ? 0 : positions.get(0), rows);
        }));
        long total = 0;
        for (AccountBalance row : listing.rows()) {
            total += row.balance();
        }
        return new BalanceListing(listing.position(), Math.max(head, listing.position()), listing.rows().size(),
                total, projectionInfo(), listing.rows());
    }

    private @Nullable ProjectionInfo projectionInfo() {
        ProjectionManager manager = projections.getIfAvailable();
        if (manager == null) {
            return null;
        }
        ProjectionStatus status = manager.status(AccountBalanceProjection.NAME).orElse(null);
        if (status == null) {
            return null;
        }
        return new ProjectionInfo(status.name(), status.state().name(), status.leader(), status.lagEvents(),
                status.lastError() == null ? null : status.lastError().message());
    }

    private record Listing(long position, List<AccountBalance> rows) {}
}
