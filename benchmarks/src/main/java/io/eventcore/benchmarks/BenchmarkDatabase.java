package io.eventcore.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Connection settings shared by every benchmark: a system property wins over an environment
 * variable, which wins over the default (the local PostgreSQL the project develops against).
 *
 * <ul>
 *   <li>{@code eventcore.bench.jdbc-url} / {@code EVENTCORE_BENCH_JDBC_URL}, default
 *       {@code jdbc:postgresql://127.0.0.1:5432/test}
 *   <li>{@code eventcore.bench.user} / {@code EVENTCORE_BENCH_USER}, default {@code postgres}
 *   <li>{@code eventcore.bench.password} / {@code EVENTCORE_BENCH_PASSWORD}, default empty
 *   <li>{@code eventcore.bench.pool-size} / {@code EVENTCORE_BENCH_POOL_SIZE}, default 16, the same
 *       for EventCore, the baseline and Axon
 * </ul>
 */
final class BenchmarkDatabase {

    static final String JDBC_URL = setting("eventcore.bench.jdbc-url", "EVENTCORE_BENCH_JDBC_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");

    static final String USER = setting("eventcore.bench.user", "EVENTCORE_BENCH_USER", "postgres");

    static final String PASSWORD = setting("eventcore.bench.password", "EVENTCORE_BENCH_PASSWORD", "");

    static final int POOL_SIZE =
            Integer.parseInt(setting("eventcore.bench.pool-size", "EVENTCORE_BENCH_POOL_SIZE", "16"));

    /** Table prefix of every EventCore store in the suite: the store's default. */
    static final String TABLE_PREFIX = "eventcore_";

    private BenchmarkDatabase() {
    }

    /**
     * A fixed-size pool, so that connection setup never lands inside a measurement.
     *
     * @param name pool name, for PostgreSQL's {@code application_name} and Hikari's logs
     */
    static HikariDataSource pool(String name) {
        return pool(name, POOL_SIZE);
    }

    static HikariDataSource pool(String name, int size) {
        return pool(name, size, true);
    }

    static HikariDataSource pool(String name, int size, boolean autoCommit) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(JDBC_URL);
        config.setUsername(USER);
        config.setPassword(PASSWORD);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setAutoCommit(autoCommit);
        config.addDataSourceProperty("ApplicationName", name);
        return new HikariDataSource(config);
    }

    static void dropSchema(DataSource dataSource, String schema) {
        execute(dataSource, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    static void execute(DataSource dataSource, String... statements) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("benchmark setup SQL failed: " + e.getMessage(), e);
        }
    }

    static long queryLong(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                var rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("benchmark setup SQL failed: " + e.getMessage(), e);
        }
    }

    /**
     * Prints how many events a schema's table holds, so a run shows that the writes it measured
     * were committed.
     */
    static void reportStored(DataSource dataSource, String table) {
        System.out.printf("%n# %s holds %,d events after the run%n", table,
                queryLong(dataSource, "SELECT count(*) FROM " + table));
    }

    private static String setting(String property, String variable, String fallback) {
        String value = System.getProperty(property);
        if (isBlank(value)) {
            value = System.getenv(variable);
        }
        return isBlank(value) ? fallback : value;
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
