package io.eventcore.projection.postgres;

import io.eventcore.internal.postgres.SchemaScripts;
import io.eventcore.projection.ProjectionCoordinator;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ProjectionCoordinator} on PostgreSQL session advisory locks: the active runner of a
 * projection is the one whose session holds {@code pg_try_advisory_lock(key)}, where the key is a
 * 64-bit hash of the schema, the table prefix and the projection's name. Every instance of the
 * application that shares the database (and schema and prefix) competes for the same locks.
 *
 * <h2>Sessions and validation</h2>
 *
 * <p>All leaderships of one coordinator live on one dedicated connection taken from the
 * {@link DataSource} while at least one is held, and given back when none is; so twenty
 * projections cost one connection, not twenty. {@link Leadership#isValid()} asks that connection
 * whether its own backend still holds the lock ({@code pg_locks} for {@code pg_backend_pid()}),
 * with a network timeout: a connection that died, was terminated ({@code pg_terminate_backend}) or
 * stopped answering makes every leadership on it invalid at once, and runners stop before their
 * next page or checkpoint. The database frees a dead session's locks when it notices the session is
 * gone, and standbys acquire them on their next try. Runners also move checkpoints by
 * compare-and-set, so even a runner that has not yet noticed its loss cannot commit over a new
 * leader.
 *
 * <p>Session advisory locks need a real session: do not route this coordinator's connections
 * through a pooler in transaction mode (PgBouncer {@code pool_mode=transaction}). Thread-safe;
 * calls on one coordinator are serialized on its connection.
 */
public final class PostgresProjectionCoordinator implements ProjectionCoordinator, AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(PostgresProjectionCoordinator.class.getName());

    private static final String TRY_LOCK_SQL = "SELECT pg_try_advisory_lock(?)";
    private static final String UNLOCK_SQL = "SELECT pg_advisory_unlock(?)";
    // A bigint advisory key shows in pg_locks as classid = high 32 bits, objid = low 32 bits, objsubid = 1.
    private static final String HOLDS_LOCK_SQL = """
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 1""";

    private final DataSource dataSource;
    private final String schema;
    private final String tablePrefix;
    private final Duration validationTimeout;
    private final Object lock = new Object();
    private @Nullable Session session;
    private boolean closed;

    private PostgresProjectionCoordinator(Builder builder) {
        this.dataSource = builder.dataSource;
        this.schema = builder.schema;
        this.tablePrefix = builder.tablePrefix;
        this.validationTimeout = builder.validationTimeout;
    }

    /**
     * Starts a builder.
     *
     * @param dataSource the database whose advisory locks elect the runners; every instance must
     *     use the same database
     * @return the builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if the coordinator is closed
     */
    @Override
    public Optional<Leadership> tryAcquire(String projection) {
        Objects.requireNonNull(projection, "projection must not be null");
        long key = lockKey(schema, tablePrefix, projection);
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("projection coordinator is closed");
            }
            Session current = session;
            if (current != null && current.held.containsKey(projection)) {
                // Advisory locks are re-entrant per session: only this map keeps two runners of one
                // coordinator apart.
                return Optional.empty();
            }
            if (current == null) {
                current = openSession();
            }
            boolean acquired;
            try (PreparedStatement tryLock = current.connection.prepareStatement(TRY_LOCK_SQL)) {
                tryLock.setQueryTimeout(timeoutSeconds());
                tryLock.setLong(1, key);
                try (ResultSet rs = tryLock.executeQuery()) {
                    rs.next();
                    acquired = rs.getBoolean(1);
                }
            } catch (SQLException e) {
                discard(current);
                throw PostgresNames.failure("acquiring the leadership of projection '" + projection + "'", e);
            }
            if (!acquired) {
                closeIfUnused(current);
                return Optional.empty();
            }
            PostgresLeadership leadership = new PostgresLeadership(current, projection, key);
            current.held.put(projection, leadership);
            return Optional.of(leadership);
        }
    }

    /**
     * Gives up every leadership and the connection. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            Session current = session;
            if (current != null) {
                discard(current);
            }
        }
    }

    /** @return the schema that namespaces the lock keys */
    public String schema() {
        return schema;
    }

    /** @return the table prefix that namespaces the lock keys */
    public String tablePrefix() {
        return tablePrefix;
    }

    /** The advisory lock key of a projection: the first 8 bytes of a SHA-256 over its namespace and name. */
    static long lockKey(String schema, String tablePrefix, String projection) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest(("eventcore-projection:" + schema + "." + tablePrefix + ":" + projection)
                    .getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private Session openSession() {
        try {
            Connection connection = dataSource.getConnection();
            try {
                connection.setAutoCommit(true);
                // Bounds every round trip, so a half-open TCP connection reads as lost in time.
                connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, validationTimeout.toMillis()));
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            Session opened = new Session(connection);
            session = opened;
            return opened;
        } catch (SQLException e) {
            throw PostgresNames.failure("opening the projection lock connection", e);
        }
    }

    private boolean isValid(PostgresLeadership leadership) {
        synchronized (lock) {
            Session current = leadership.session;
            if (leadership.closed || current != session || current.held.get(leadership.projection) != leadership) {
                return false;
            }
            try (PreparedStatement holds = current.connection.prepareStatement(HOLDS_LOCK_SQL)) {
                holds.setQueryTimeout(timeoutSeconds());
                holds.setLong(1, (leadership.key >>> 32) & 0xffffffffL);
                holds.setLong(2, leadership.key & 0xffffffffL);
                try (ResultSet rs = holds.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 1) {
                        return true;
                    }
                }
                LOGGER.log(Level.WARNING, "the lock session no longer holds the lock of projection '"
                        + leadership.projection + "'");
                current.held.remove(leadership.projection);
                leadership.closed = true;
                closeIfUnused(current);
                return false;
            } catch (SQLException e) {
                LOGGER.log(Level.WARNING, "the projection lock connection failed; every leadership on it is lost: "
                        + e.getMessage());
                discard(current);
                return false;
            }
        }
    }

    private void release(PostgresLeadership leadership) {
        synchronized (lock) {
            if (leadership.closed) {
                return;
            }
            leadership.closed = true;
            Session current = leadership.session;
            if (current != session || !current.held.remove(leadership.projection, leadership)) {
                return;
            }
            try (PreparedStatement unlock = current.connection.prepareStatement(UNLOCK_SQL)) {
                unlock.setQueryTimeout(timeoutSeconds());
                unlock.setLong(1, leadership.key);
                unlock.execute();
                closeIfUnused(current);
            } catch (SQLException e) {
                // Closing the session frees every lock it held; others on it are lost with it.
                LOGGER.log(Level.WARNING, "could not release the lock of projection '" + leadership.projection
                        + "'; closing the lock connection: " + e.getMessage());
                discard(current);
            }
        }
    }

    private void closeIfUnused(Session current) {
        if (current.held.isEmpty()) {
            discard(current);
        }
    }

    private void discard(Session current) {
        for (PostgresLeadership held : current.held.values()) {
            held.closed = true;
        }
        current.held.clear();
        if (session == current) {
            session = null;
        }
        try {
            current.connection.close();
        } catch (SQLException | RuntimeException e) {
            // Already broken: the database frees the session's locks when it notices.
        }
    }

    private int timeoutSeconds() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, validationTimeout.toSeconds()));
    }

    @Override
    public String toString() {
        return "PostgresProjectionCoordinator[" + schema + "." + tablePrefix + "]";
    }

    /** The dedicated connection and the leaderships held on it. Guarded by the coordinator's lock. */
    private static final class Session {

        final Connection connection;
        final Map<String, PostgresLeadership> held = new HashMap<>();

        Session(Connection connection) {
            this.connection = connection;
        }
    }

    /** One held advisory lock. */
    private final class PostgresLeadership implements Leadership {

        final Session session;
        final String projection;
        final long key;
        volatile boolean closed;

        PostgresLeadership(Session session, String projection, long key) {
            this.session = session;
            this.projection = projection;
            this.key = key;
        }

        @Override
        public String projection() {
            return projection;
        }

        @Override
        public boolean isValid() {
            return PostgresProjectionCoordinator.this.isValid(this);
        }

        @Override
        public void close() {
            release(this);
        }

        @Override
        public String toString() {
            return "Leadership[" + projection + ", key " + key + "]";
        }
    }

    /** Configures a {@link PostgresProjectionCoordinator}. Not thread-safe. */
    public static final class Builder {

        private final DataSource dataSource;
        private String schema = PostgresNames.DEFAULT_SCHEMA;
        private String tablePrefix = PostgresNames.DEFAULT_PREFIX;
        private Duration validationTimeout = Duration.ofSeconds(5);

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        }

        /**
         * The schema of the event store, part of every lock key so that several deployments can
         * share one database; default {@code public}.
         *
         * @param schema a lowercase SQL identifier
         * @return this builder
         * @throws IllegalArgumentException if the name is not such an identifier
         */
        public Builder schema(String schema) {
            this.schema = SchemaScripts.checkSchema(schema);
            return this;
        }

        /**
         * The table prefix of the event store, part of every lock key; default {@code eventcore_}.
         *
         * @param tablePrefix empty, or a lowercase identifier start
         * @return this builder
         * @throws IllegalArgumentException if the prefix is not of that form
         */
        public Builder tablePrefix(String tablePrefix) {
            this.tablePrefix = PostgresNames.checkPrefix(tablePrefix);
            return this;
        }

        /**
         * The longest a round trip on the lock connection may take before the connection is taken
         * as lost and its leaderships invalid; default 5 seconds.
         *
         * @param timeout at least 1 second
         * @return this builder
         */
        public Builder validationTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "validationTimeout must not be null");
            if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("validationTimeout must be at least 1 second, was " + timeout);
            }
            this.validationTimeout = timeout;
            return this;
        }

        /**
         * Builds the coordinator; it opens no connection until the first {@link #tryAcquire}.
         *
         * @return the coordinator
         */
        public PostgresProjectionCoordinator build() {
            return new PostgresProjectionCoordinator(this);
        }
    }
}
