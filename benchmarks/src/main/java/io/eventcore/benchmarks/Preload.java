package io.eventcore.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes events straight into an EventCore schema with {@code generate_series}, far faster than
 * any append path: for seeding accounts and for the multi-million-event table of the growth
 * benchmark. Rows follow the store's layout exactly (position counter, streams table, the
 * payload the Jackson serializer writes for {@link AccountEvent.Deposited}), so the store reads
 * them like its own.
 */
final class Preload {

    private Preload() {
    }

    /**
     * Appends {@code eventsPerStream} deposits of {@code amount} to each of {@code streams} new
     * streams named {@code streamPrefix + index}, after the events already there.
     *
     * @param rebuildIndexes whether to drop the events table's unique indexes during the insert and
     *     build them again afterwards: much faster for millions of rows
     */
    static void deposits(DataSource dataSource, String schema, String streamPrefix, int streams, int eventsPerStream,
            long amount, boolean rebuildIndexes) {
        String events = schema + "." + BenchmarkDatabase.TABLE_PREFIX + "events";
        String streamsTable = schema + "." + BenchmarkDatabase.TABLE_PREFIX + "streams";
        String position = schema + "." + BenchmarkDatabase.TABLE_PREFIX + "position";
        long total = (long) streams * eventsPerStream;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SET LOCAL maintenance_work_mem = '512MB'");
            long base;
            try (ResultSet rs = statement.executeQuery("SELECT last FROM " + position + " FOR UPDATE")) {
                rs.next();
                base = rs.getLong(1);
            }
            List<String> recreate = rebuildIndexes ? dropUniqueIndexes(statement, schema, events) : List.of();
            statement.execute("""
                    INSERT INTO %s (position, stream_id, version, event_id, event_type, payload)
                    SELECT %d + g, '%s' || ((g - 1) / %d), ((g - 1) %% %d) + 1, gen_random_uuid(), 'deposited',
                           jsonb_build_object('amount', %d)
                    FROM generate_series(1, %d) AS g
                    """.formatted(events, base, streamPrefix, eventsPerStream, eventsPerStream, amount, total));
            statement.execute("""
                    INSERT INTO %s (stream_id, version)
                    SELECT '%s' || s, %d FROM generate_series(0, %d) AS s
                    """.formatted(streamsTable, streamPrefix, eventsPerStream, streams - 1));
            statement.execute("UPDATE " + position + " SET last = " + (base + total));
            for (String sql : recreate) {
                statement.execute(sql);
            }
            connection.commit();
            connection.setAutoCommit(true);
            statement.execute("VACUUM ANALYZE " + events);
            statement.execute("VACUUM ANALYZE " + streamsTable);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "preloading " + total + " events into " + schema + " failed: " + e.getMessage(), e);
        }
    }

    /** Drops primary key, unique constraints and plain indexes; returns the SQL that restores them. */
    private static List<String> dropUniqueIndexes(Statement statement, String schema, String table)
            throws SQLException {
        List<String> drop = new ArrayList<>();
        List<String> recreate = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("""
                SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid = '%s'::regclass AND contype IN ('p', 'u') ORDER BY contype, conname
                """.formatted(table))) {
            while (rs.next()) {
                drop.add("ALTER TABLE " + table + " DROP CONSTRAINT " + rs.getString(1));
                recreate.add("ALTER TABLE " + table + " ADD CONSTRAINT " + rs.getString(1) + " " + rs.getString(2));
            }
        }
        try (ResultSet rs = statement.executeQuery("""
                SELECT i.indexname, i.indexdef FROM pg_indexes i
                WHERE i.schemaname = '%s' AND i.tablename = '%s'
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.'
                                  || quote_ident(i.indexname))::regclass)
                """.formatted(schema, table.substring(table.indexOf('.') + 1)))) {
            while (rs.next()) {
                drop.add("DROP INDEX " + schema + "." + rs.getString(1));
                recreate.add(rs.getString(2));
            }
        }
        for (String sql : drop) {
            statement.execute(sql);
        }
        return recreate;
    }
}
