package io.eventcore.internal.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Schema and table-prefix rules and the running of DDL scripts, for every EventCore class that owns
 * PostgreSQL tables. Internal: not API.
 */
public final class SchemaScripts {

    /** PostgreSQL's longest identifier, in bytes (all our identifiers are ASCII). */
    public static final int MAX_IDENTIFIER_LENGTH = 63;

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern TABLE_PREFIX = Pattern.compile("([a-z_][a-z0-9_]*)?");

    /** Serializes concurrent runs of a script for the same tables, e.g. several instances starting. */
    private static final String SCRIPT_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext(?))";

    private SchemaScripts() {}

    /**
     * @param schema a schema name
     * @return the name, if it is a lowercase identifier ({@code [a-z_][a-z0-9_]*}, at most 63 characters)
     * @throws IllegalArgumentException otherwise, naming the rule
     */
    public static String checkSchema(String schema) {
        if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException(
                    "schema must be a lowercase identifier matching [a-z_][a-z0-9_]*, at most 63 characters, was " + schema);
        }
        return schema;
    }

    /**
     * @param prefix a table prefix
     * @param maxLength the longest prefix that leaves room for the owner's table names
     * @return the prefix, if it is empty or a lowercase identifier start of at most {@code maxLength} characters
     * @throws IllegalArgumentException otherwise, naming the rule
     */
    public static String checkPrefix(String prefix, int maxLength) {
        if (prefix == null || !TABLE_PREFIX.matcher(prefix).matches() || prefix.length() > maxLength) {
            throw new IllegalArgumentException("tablePrefix must be empty or match [a-z_][a-z0-9_]*, at most "
                    + maxLength + " characters, was " + prefix);
        }
        return prefix;
    }

    /**
     * Reads a script next to {@code owner} and substitutes {@code ${schema}} (quoted) and {@code ${prefix}}.
     *
     * @param owner the class whose package holds the resource
     * @param resource the resource name
     * @param schema a checked schema name
     * @param prefix a checked table prefix
     * @return the SQL
     * @throws IllegalStateException if the resource is missing or unreadable (a broken jar)
     */
    public static String load(Class<?> owner, String resource, String schema, String prefix) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " next to " + owner.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${schema}", '"' + schema + '"')
                    .replace("${prefix}", prefix);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /**
     * Runs a script in one transaction of its own, under a transaction advisory lock on {@code
     * lockKey}, so that instances starting together do not race on {@code CREATE ... IF NOT EXISTS}.
     * Leaves the connection in auto-commit.
     *
     * @param connection an open connection
     * @param lockKey names the tables the script is for
     * @param sql the script
     * @throws SQLException if the script fails; it is rolled back
     */
    public static void run(Connection connection, String lockKey, String sql) throws SQLException {
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement lock = connection.prepareStatement(SCRIPT_LOCK_SQL)) {
                lock.setString(1, lockKey);
                lock.execute();
            }
            try (Statement ddl = connection.createStatement()) {
                ddl.execute(sql);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
