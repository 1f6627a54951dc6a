package io.eventcore.projection.postgres;

import io.eventcore.internal.postgres.SchemaScripts;
import io.eventcore.projection.SkippedEvent;
import io.eventcore.projection.TransactionalCheckpointStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * A {@link TransactionalCheckpointStore} in PostgreSQL: table {@code <prefix>checkpoints} (one row
 * per projection) and {@code <prefix>skipped_events}, created by {@link #initializeSchema()} from
 * {@code schema-postgresql.sql} next to this class. Put it on the database of the read models, so
 * that transactional projections commit their writes and their checkpoint together. Thread-safe;
 * every call takes a connection from the {@link DataSource} and returns it.
 *
 * <pre>{@code
 * PostgresCheckpointStore checkpoints = PostgresCheckpointStore.builder(dataSource).schema("app").build();
 * checkpoints.initializeSchema();
 * }</pre>
 */
public final class PostgresCheckpointStore implements TransactionalCheckpointStore {

    private static final String SCHEMA_RESOURCE = "schema-postgresql.sql";
    private static final String DROP_SCHEMA_RESOURCE = "schema-drop-postgresql.sql";

    private static final String LOAD_CHECKPOINT_SQL = """
            SELECT position FROM %1$scheckpoints WHERE projection_name = ?""";

    private static final String SAVE_CHECKPOINT_SQL = """
            INSERT INTO %1$scheckpoints AS c (projection_name, position) VALUES (?, ?)
            ON CONFLICT (projection_name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()""";

    // A missing row counts as 0, so the compare-and-set from 0 may insert it.
    private static final String COMPARE_AND_SET_FROM_ZERO_SQL = """
            INSERT INTO %1$scheckpoints AS c (projection_name, position) VALUES (?, ?)
            ON CONFLICT (projection_name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()
            WHERE c.position = 0""";

    private static final String COMPARE_AND_SET_SQL = """
            UPDATE %1$scheckpoints SET position = ?, updated_at = now()
            WHERE projection_name = ? AND position = ?""";

    private static final String RECORD_SKIPPED_SQL = """
            INSERT INTO %1$sskipped_events AS s (projection_name, position, stream_id, event_type, error, skipped_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (projection_name, position) DO UPDATE SET stream_id = EXCLUDED.stream_id,
                event_type = EXCLUDED.event_type, error = EXCLUDED.error, skipped_at = EXCLUDED.skipped_at""";

    private static final String LIST_SKIPPED_SQL = """
            SELECT position, stream_id, event_type, error, skipped_at FROM %1$sskipped_events
            WHERE projection_name = ? ORDER BY position""";


    private final DataSource dataSource;
    private final String schema;
    private final String tablePrefix;
    private final String loadSql;
    private final String saveSql;
    private final String compareAndSetFromZeroSql;
    private final String compareAndSetSql;
    private final String recordSkippedSql;
    private final String listSkippedSql;

    private PostgresCheckpointStore(Builder builder) {
        this.dataSource = builder.dataSource;
        this.schema = builder.schema;
        this.tablePrefix = builder.tablePrefix;
        String tables = '"' + schema + "\"." + tablePrefix;
        this.loadSql = LOAD_CHECKPOINT_SQL.formatted(tables);
        this.saveSql = SAVE_CHECKPOINT_SQL.formatted(tables);
        this.compareAndSetFromZeroSql = COMPARE_AND_SET_FROM_ZERO_SQL.formatted(tables);
        this.compareAndSetSql = COMPARE_AND_SET_SQL.formatted(tables);
        this.recordSkippedSql = RECORD_SKIPPED_SQL.formatted(tables);
        this.listSkippedSql = LIST_SKIPPED_SQL.formatted(tables);
    }

    /**
     * Starts a builder.
     *
     * @param dataSource the database of the checkpoints (and of transactional read models)
     * @return the builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Creates the tables if they are missing. Idempotent and safe to run from several JVMs at once.
     *
     * @throws io.eventcore.EventStoreException if the DDL fails
     */
    public void initializeSchema() {
        runScript(SCHEMA_RESOURCE, "initializing the checkpoint schema");
    }

    /**
     * Drops the tables (not the schema). For tests and local resets: every checkpoint is lost.
     *
     * @throws io.eventcore.EventStoreException if the DDL fails
     */
    public void dropSchema() {
        runScript(DROP_SCHEMA_RESOURCE, "dropping the checkpoint schema");
    }

    /**
     * The DDL that {@link #initializeSchema()} runs, with this store's schema and prefix
     * substituted; for migration tools.
     *
     * @return the DDL
     */
    public String schemaScript() {
        return SchemaScripts.load(PostgresCheckpointStore.class, SCHEMA_RESOURCE, schema, tablePrefix);
    }

    /** @return the schema of the tables */
    public String schema() {
        return schema;
    }

    /** @return the prefix of the table names */
    public String tablePrefix() {
        return tablePrefix;
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public OptionalLong load(String projection) {
        Objects.requireNonNull(projection, "projection must not be null");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement load = connection.prepareStatement(loadSql)) {
            load.setString(1, projection);
            try (ResultSet rs = load.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw PostgresNames.failure("loading the checkpoint of projection '" + projection + "'", e);
        }
    }

    @Override
    public void save(String projection, long position) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            save(connection, projection, position);
        } catch (SQLException e) {
            throw PostgresNames.failure("saving the checkpoint of projection '" + projection + "'", e);
        }
    }

    @Override
    public void save(Connection connection, String projection, long position) throws SQLException {
        Objects.requireNonNull(projection, "projection must not be null");
        checkPosition(position);
        try (PreparedStatement save = connection.prepareStatement(saveSql)) {
            save.setString(1, projection);
            save.setLong(2, position);
            save.executeUpdate();
        }
    }

    @Override
    public boolean compareAndSet(String projection, long expected, long position) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return compareAndSet(connection, projection, expected, position);
        } catch (SQLException e) {
            throw PostgresNames.failure("saving the checkpoint of projection '" + projection + "'", e);
        }
    }

    @Override
    public boolean compareAndSet(Connection connection, String projection, long expected, long position)
            throws SQLException {
        Objects.requireNonNull(projection, "projection must not be null");
        checkPosition(position);
        if (expected == 0) {
            try (PreparedStatement upsert = connection.prepareStatement(compareAndSetFromZeroSql)) {
                upsert.setString(1, projection);
                upsert.setLong(2, position);
                return upsert.executeUpdate() == 1;
            }
        }
        try (PreparedStatement update = connection.prepareStatement(compareAndSetSql)) {
            update.setLong(1, position);
            update.setString(2, projection);
            update.setLong(3, expected);
            return update.executeUpdate() == 1;
        }
    }

    @Override
    public void recordSkipped(SkippedEvent skipped) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            recordSkipped(connection, skipped);
        } catch (SQLException e) {
            throw PostgresNames.failure("recording a skipped event of projection '" + skipped.projection() + "'", e);
        }
    }

    @Override
    public void recordSkipped(Connection connection, SkippedEvent skipped) throws SQLException {
        Objects.requireNonNull(skipped, "skipped must not be null");
        try (PreparedStatement insert = connection.prepareStatement(recordSkippedSql)) {
            insert.setString(1, skipped.projection());
            insert.setLong(2, skipped.position());
            insert.setString(3, skipped.streamId());
            insert.setString(4, skipped.eventType());
            insert.setString(5, skipped.error());
            insert.setTimestamp(6, Timestamp.from(skipped.skippedAt()));
            insert.executeUpdate();
        }
    }

    @Override
    public List<SkippedEvent> skipped(String projection) {
        Objects.requireNonNull(projection, "projection must not be null");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement list = connection.prepareStatement(listSkippedSql)) {
            list.setString(1, projection);
            List<SkippedEvent> skipped = new ArrayList<>();
            try (ResultSet rs = list.executeQuery()) {
                while (rs.next()) {
                    skipped.add(new SkippedEvent(projection, rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getTimestamp(5).toInstant()));
                }
            }
            return List.copyOf(skipped);
        } catch (SQLException e) {
            throw PostgresNames.failure("listing the skipped events of projection '" + projection + "'", e);
        }
    }

    private void runScript(String resource, String what) {
        String sql = SchemaScripts.load(PostgresCheckpointStore.class, resource, schema, tablePrefix);
        try (Connection connection = dataSource.getConnection()) {
            SchemaScripts.run(connection, "eventcore-checkpoints:" + schema + "." + tablePrefix, sql);
        } catch (SQLException e) {
            throw PostgresNames.failure(what, e);
        }
    }

    private static void checkPosition(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position must be at least 0, was " + position);
        }
    }

    @Override
    public String toString() {
        return "PostgresCheckpointStore[" + schema + "." + tablePrefix + "checkpoints]";
    }

    /** Configures a {@link PostgresCheckpointStore}. Not thread-safe. */
    public static final class Builder {

        private final DataSource dataSource;
        private String schema = PostgresNames.DEFAULT_SCHEMA;
        private String tablePrefix = PostgresNames.DEFAULT_PREFIX;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        }

        /**
         * The schema of the tables; default {@code public}.
         *
         * @param schema a lowercase SQL identifier ({@code [a-z_][a-z0-9_]*}, at most 63 characters)
         * @return this builder
         * @throws IllegalArgumentException if the name is not such an identifier
         */
        public Builder schema(String schema) {
            this.schema = SchemaScripts.checkSchema(schema);
            return this;
        }

        /**
         * The prefix of the table names; default {@code eventcore_}, like the event store's.
         *
         * @param tablePrefix empty, or a lowercase identifier start ({@code [a-z_][a-z0-9_]*})
         * @return this builder
         * @throws IllegalArgumentException if the prefix is not of that form
         */
        public Builder tablePrefix(String tablePrefix) {
            this.tablePrefix = PostgresNames.checkPrefix(tablePrefix);
            return this;
        }

        /**
         * Builds the store; the tables must exist before it is used ({@link #initializeSchema()}).
         *
         * @return the store
         */
        public PostgresCheckpointStore build() {
            return new PostgresCheckpointStore(this);
        }
    }
}
