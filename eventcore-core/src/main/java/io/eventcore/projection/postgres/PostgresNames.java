package io.eventcore.projection.postgres;

import io.eventcore.EventStoreException;
import io.eventcore.EventStoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.regex.Pattern;

/** Schema and prefix rules, script loading and SQL failure mapping shared by the PostgreSQL classes. */
final class PostgresNames {

    static final String DEFAULT_SCHEMA = "public";
    static final String DEFAULT_PREFIX = "eventcore_";

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern TABLE_PREFIX = Pattern.compile("([a-z_][a-z0-9_]{0,40})?");

    private PostgresNames() {}

    static String checkSchema(String schema) {
        if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException(
                    "schema must be a lowercase identifier matching [a-z_][a-z0-9_]*, at most 63 characters, was " + schema);
        }
        return schema;
    }

    static String checkPrefix(String prefix) {
        if (prefix == null || !TABLE_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "tablePrefix must be empty or match [a-z_][a-z0-9_]*, at most 41 characters, was " + prefix);
        }
        return prefix;
    }

    static String table(String schema, String prefix, String name) {
        return '"' + schema + "\"." + prefix + name;
    }

    static String script(String resource, String schema, String prefix) {
        try (InputStream in = PostgresNames.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${schema}", '"' + schema + '"')
                    .replace("${prefix}", prefix);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    static EventStoreException failure(String what, SQLException e) {
        String message = what + " failed: " + e.getMessage() + (e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]");
        return isConnectionFailure(e) ? new EventStoreUnavailableException(message, e) : new EventStoreException(message, e);
    }

    static boolean isConnectionFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
