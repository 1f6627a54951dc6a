package io.eventcore.store.postgres;

import io.eventcore.testing.TestDatabase;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** Data sources for failure tests: real connections, with hooks to break them on purpose. */
final class TestDataSources {

    private TestDataSources() {}

    /** Hands out connections from a function, for tests that gate, count or break them. */
    @FunctionalInterface
    interface ConnectionSource extends DataSource {

        Connection connect() throws SQLException;

        @Override
        default Connection getConnection() throws SQLException {
            return connect();
        }

        @Override
        default Connection getConnection(String username, String password) throws SQLException {
            return connect();
        }

        @Override
        default PrintWriter getLogWriter() {
            return new PrintWriter(System.out);
        }

        @Override
        default void setLogWriter(PrintWriter out) {}

        @Override
        default void setLoginTimeout(int seconds) {}

        @Override
        default int getLoginTimeout() {
            return 0;
        }

        @Override
        default Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        default <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        default boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }

    /** A new physical connection to the test database, outside any pool. */
    static Connection rawConnection() throws SQLException {
        TestDatabase db = TestDatabase.get();
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    /**
     * Hands out the same physical connection every time, its {@code close()} ignored, so that a
     * test can look at what the store left in that one session (its prepared statements, say).
     */
    static ConnectionSource shared(Connection connection) {
        Connection kept = (Connection) Proxy.newProxyInstance(TestDataSources.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> method.getName().equals("close") ? null : invoke(connection, method, args));
        return () -> kept;
    }

    /** The backend process id of a connection. */
    static int backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Kills a backend from another connection, as a crash or a network failure would. */
    static void terminate(int pid) {
        TestDatabase.get().execute("SELECT pg_terminate_backend(" + pid + ")");
    }

    /**
     * Wraps a connection so that the COMMIT (sent by {@code commit()} or as part of the store's
     * insert-and-commit statement) finds its backend killed: the commit then fails on a lost
     * connection, the case whose outcome the store must report as unknown.
     */
    static Connection killedAtCommit(Connection connection, int pid) {
        return (Connection) Proxy.newProxyInstance(TestDataSources.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("commit")) {
                        kill(pid);
                    }
                    Object result = invoke(connection, method, args);
                    if (method.getName().equals("prepareStatement") && ((String) args[0]).contains("COMMIT")) {
                        PreparedStatement statement = (PreparedStatement) result;
                        return Proxy.newProxyInstance(TestDataSources.class.getClassLoader(),
                                new Class<?>[] {PreparedStatement.class}, (p, m, a) -> {
                                    if (m.getName().startsWith("execute")) {
                                        kill(pid);
                                    }
                                    return invoke(statement, m, a);
                                });
                    }
                    return result;
                });
    }

    private static void kill(int pid) throws InterruptedException {
        terminate(pid);
        Thread.sleep(100); // let the backend die before the COMMIT reaches it
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
