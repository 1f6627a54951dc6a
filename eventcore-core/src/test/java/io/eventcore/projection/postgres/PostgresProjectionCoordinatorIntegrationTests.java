package io.eventcore.projection.postgres;

import static io.eventcore.projection.ProjectionTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventcore.projection.AbstractProjectionCoordinatorContractTests;
import io.eventcore.projection.ProjectionCoordinator;
import io.eventcore.projection.ProjectionCoordinator.Leadership;
import io.eventcore.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresProjectionCoordinatorIntegrationTests extends AbstractProjectionCoordinatorContractTests {

    private static final String PREFIX = "coord_" + Long.toHexString(System.nanoTime() & 0xffffffL) + "_";

    // Two application instances: separate pools, so separate database sessions.
    private static final List<HikariDataSource> pools = new ArrayList<>();
    private static final List<PostgresProjectionCoordinator> coordinators = new ArrayList<>();

    @BeforeAll
    static void createInstances() {
        for (int i = 0; i < 2; i++) {
            HikariDataSource pool = TestDatabase.get().newDataSource(2);
            pools.add(pool);
            coordinators.add(PostgresProjectionCoordinator.builder(pool).tablePrefix(PREFIX).build());
        }
    }

    @AfterAll
    static void closeInstances() {
        coordinators.forEach(PostgresProjectionCoordinator::close);
        pools.forEach(HikariDataSource::close);
    }

    @Override
    protected ProjectionCoordinator coordinator(int instance) {
        return coordinators.get(instance);
    }

    /** The backend pid that holds a projection's advisory lock, or 0. */
    static int lockHolder(String prefix, String projection) throws SQLException {
        return lockHolder(prefix, projection, "public");
    }

    /**
     * The backend pid that holds a projection's advisory lock in a schema's namespace, or 0. Advisory
     * locks are per database, and other test runs may share the server, so only this database counts.
     */
    static int lockHolder(String prefix, String projection, String schema) throws SQLException {
        long key = PostgresProjectionCoordinator.lockKey(schema, prefix, projection);
        try (Connection connection = TestDatabase.get().dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT pid FROM pg_locks WHERE locktype = 'advisory'"
                        + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                        + " AND granted AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 1")) {
            query.setLong(1, (key >>> 32) & 0xffffffffL);
            query.setLong(2, key & 0xffffffffL);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /**
     * Terminates a backend and waits until it is gone: pg_terminate_backend only signals it, and the
     * locks are free only once it has exited.
     */
    static void terminate(int pid) {
        TestDatabase.get().execute("SELECT pg_terminate_backend(" + pid + ")");
        await("backend " + pid + " exits", () -> !backendExists(pid));
    }

    private static boolean backendExists(int pid) {
        try (Connection connection = TestDatabase.get().dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_stat_activity WHERE pid = ?")) {
            query.setInt(1, pid);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up backend " + pid, e);
        }
    }

    @Test
    void terminatingTheLockBackendInvalidatesEveryLeadershipOnItAndFreesTheLocks() throws SQLException {
        Leadership first = coordinator(0).tryAcquire("terminated-a").orElseThrow();
        Leadership second = coordinator(0).tryAcquire("terminated-b").orElseThrow();
        int pid = lockHolder(PREFIX, "terminated-a");
        assertThat(pid).isPositive().isEqualTo(lockHolder(PREFIX, "terminated-b"));

        terminate(pid);

        assertThat(first.isValid()).isFalse();
        assertThat(second.isValid()).isFalse();
        await("the database frees the locks", () -> coordinator(1).tryAcquire("terminated-a").isPresent());
        assertThat(coordinator(0).tryAcquire("terminated-a")).isEmpty();
        try (Leadership again = coordinator(0).tryAcquire("terminated-b").orElseThrow()) {
            assertThat(again.isValid()).isTrue();
            assertThat(first.isValid()).isFalse();
        }
        first.close();
        second.close();
    }

    @Test
    void lockKeysDependOnTheNamespaceAndTheName() {
        long key = PostgresProjectionCoordinator.lockKey("public", "eventcore_", "balances");
        assertThat(key).isEqualTo(PostgresProjectionCoordinator.lockKey("public", "eventcore_", "balances"))
                .isNotEqualTo(PostgresProjectionCoordinator.lockKey("public", "other_", "balances"))
                .isNotEqualTo(PostgresProjectionCoordinator.lockKey("app", "eventcore_", "balances"))
                .isNotEqualTo(PostgresProjectionCoordinator.lockKey("public", "eventcore_", "balances2"));
    }
}
